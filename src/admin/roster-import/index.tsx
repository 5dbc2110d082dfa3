import { Switch, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field } from '../../components/field';
import { SelectPicker } from '../../components/pickers';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { usePaged } from '../../hooks/use-paged';
import { call, upload } from '../../services/cloud';
import { forget, recall, remember } from '../../services/local-state';
import type { ChangeView, ImportJob } from '../../shared/contract/roster';
import { importFileExt, uploadPath } from '../../shared/domain/photo-path';
import { IMPORT_FILES_LIFE_DAYS, IMPORT_KINDS, IMPORT_TEMPLATES, OPEN_IMPORT_KINDS, applyChunkOf, changeKindLabels, importFieldLabels, type ChangeKind, type ImportKind } from '../../shared/domain/roster-import';
import { confirmDialog } from '../../utils/confirm';
import { openTemplate, pickRosterFile } from './file-io';

/** The job being previewed or applied, kept so a reopened page resumes it (roster.job). */
const JOB_KEY = 'roster-import-job';
const kindLabels = Object.fromEntries(IMPORT_KINDS.map((k) => [k, IMPORT_TEMPLATES[k].title])) as Record<ImportKind, string>;
const CHANGE_KINDS: ChangeKind[] = ['added', 'changed', 'moved', 'roomCreated', 'buildingCreated', 'left', 'notListed'];
const CONFIRM_TEXT: Record<ImportKind, (c: ImportJob['counts']) => string> = {
  students: (c) => `新增 ${c.added}，变更 ${c.changed}，调换寝室 ${c.moved}，新建房间 ${c.roomCreated}`,
  places: (c) => `新建楼栋 ${c.buildingCreated}，新建房间 ${c.roomCreated}`,
  members: (c) => `新增党员档案 ${c.added}，变更 ${c.changed}（政治面貌和支部的变化记入发展记录）`,
  counselors: (c) => `新建辅导员邀请码 ${c.added}，更新 ${c.changed}`,
};
/** What the 完整名单 switch does, by kind (places have none). */
const FULL_TEXT: Partial<Record<ImportKind, string>> = {
  students: '打开后，文件中没有的学生都会被标记为离校（不删除，可查操作记录）',
  members: '打开后，文件中没有的党员只列出供核对，不做任何修改（转出、撤回须在发展记录中办理）',
  counselors: '打开后，文件中没有的辅导员只列出供核对，不做任何修改',
};
const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 3000 });

/** Before and after, field by field, only what differs. */
function Fields({ change }: { change: ChangeView }) {
  const keys = [...new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})])];
  const shown = keys.filter((k) => (change.before?.[k] ?? '') !== (change.after?.[k] ?? ''));
  if (shown.length === 0) return null;
  return (
    <View className='muted'>
      {shown.map((k) => (
        <View key={k}>
          {importFieldLabels[k] ?? k}：{change.before ? `${change.before[k] || '（空）'} → ` : ''}
          {change.after?.[k] || '（空）'}
        </View>
      ))}
    </View>
  );
}

/** One kind of change of the job's diff, a page at a time in file order. */
function Diff({ job }: { job: ImportJob }) {
  const kinds = CHANGE_KINDS.filter((k) => job.counts[k] > 0);
  const [kind, setKind] = useState<ChangeKind | null>(kinds[0] ?? null);
  useEffect(() => setKind(kinds[0] ?? null), [job.jobId]); // eslint-disable-line react-hooks/exhaustive-deps
  const list = usePaged<ChangeView>(
    (cursor) => (kind ? call('roster', 'changes', { jobId: job.jobId, kind, limit: 20, ...(cursor ? { cursor } : {}) }) : Promise.resolve({ ok: true as const, data: { items: [], nextCursor: null } })),
    // Reloaded as the job moves on: a counselor's new invite code shows once its chunk is written.
    [job.jobId, kind, job.status],
  );
  if (kinds.length === 0) return <StateView icon='=' title='没有变化' text='文件与现有数据一致，无需导入。' />;
  const labels = Object.fromEntries(kinds.map((k) => [k, `${changeKindLabels[k]}（${job.counts[k]}）`])) as Record<ChangeKind, string>;
  return (
    <View>
      <View className='section-title'>变化明细</View>
      <View className='card'>
        <Field label='查看'>
          <SelectPicker id='diff-kind' options={kinds} labels={labels} value={kind} onChange={setKind} />
        </Field>
        {list.loading && list.items.length === 0 ? <Loading /> : null}
        {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
        {list.items.map((c) => (
          <View key={c.seq} className='list-item diff-item'>
            <View className='list-item__main'>
              {c.subject} {c.name}
              <View className='muted'>{c.row ? `第 ${c.row} 行 · ` : ''}{changeKindLabels[c.kind]}</View>
              <Fields change={c} />
            </View>
          </View>
        ))}
        {list.hasMore ? <Btn small kind='plain' busy={list.loadingMore} onClick={list.loadMore}>更多</Btn> : null}
      </View>
    </View>
  );
}

function Summary({ job }: { job: ImportJob }) {
  const c = job.counts;
  return (
    <View className='card' id='import-summary'>
      <View className='section-title' style={{ marginTop: 0 }}>{job.fileName}（{kindLabels[job.kind]}{job.full ? '，完整名单' : ''}）</View>
      <View className='muted'>
        读取 {job.rows} 行（表头在第 {job.headerRow} 行{job.collapsed ? `，${job.collapsed} 行与前面完全相同已合并` : ''}）
      </View>
      <View>
        {job.kind === 'members' ? `新增党员档案 ${c.added} · 变更 ${c.changed} · 不变 ${c.unchanged}` : null}
        {job.kind === 'counselors' ? `新建邀请码 ${c.added} · 变更 ${c.changed} · 不变 ${c.unchanged}` : null}
        {job.kind === 'students' || job.kind === 'places' ? `新增 ${c.added} · 变更 ${c.changed} · 调换寝室 ${c.moved} · 新建房间 ${c.roomCreated}${c.buildingCreated ? ` · 新建楼栋 ${c.buildingCreated}` : ''} · 不变 ${c.unchanged}` : null}
        {job.full && job.kind === 'students' ? ` · 不在名单中 ${c.left}` : ''}
        {c.notListed ? ` · 不在本名单中 ${c.notListed}（仅列出）` : ''}
      </View>
      {job.errorCount > 0 ? (
        <View id='import-errors'>
          <View className='field__error'>有 {job.errorCount} 行错误，改正文件后重新上传（错误未改正前不能导入）：</View>
          {job.errors.map((e) => (
            <View key={`${e.row}-${e.message}`} className='muted row-error'>第 {e.row} 行：{e.message}</View>
          ))}
          {job.errorCount > job.errors.length ? <View className='muted'>……另有 {job.errorCount - job.errors.length} 行错误未列出</View> : null}
        </View>
      ) : null}
    </View>
  );
}

function Progress({ job }: { job: ImportJob }) {
  const pct = job.total ? Math.round((job.applied / job.total) * 100) : 100;
  return (
    <View className='card' id='import-progress'>
      <View>{job.status === 'done' ? '导入完成' : `已导入 ${job.applied} / ${job.total} 项`}</View>
      <View className='progress'><View className='progress__bar' style={{ width: `${pct}%` }} /></View>
      <View className='muted'>{job.status === 'done' ? `共写入 ${job.total} 项变化，每项都有操作记录。` : `每批最多${applyChunkOf(job.kind)}项，已写入 ${job.chunks} 批；中途关闭页面，再次打开可继续。`}</View>
      {job.status === 'done' && job.kind === 'counselors' && job.counts.added > 0 ? <View className='notice' id='invite-codes'>新建的邀请码在下方“新增”明细中，请分别交给各位辅导员（7天内有效），登录后即按负责楼栋授权。</View> : null}
    </View>
  );
}

function Importer({ uploadDir }: { uploadDir: string }) {
  const [kind, setKind] = useState<ImportKind>('students');
  const [full, setFull] = useState(false);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const [resuming, setResuming] = useState(true);
  const stopped = useRef(false);

  // Resume: the job kept by the last visit, if it still exists.
  useEffect(() => {
    const jobId = recall(JOB_KEY);
    if (!jobId) return setResuming(false);
    void call('roster', 'job', { jobId }).then((r) => {
      setResuming(false);
      if (r.ok && r.data.status !== 'done') {
        setJob(r.data);
        setKind(r.data.kind);
        setFull(r.data.full);
      } else forget(JOB_KEY);
    });
  }, []);
  // Leaving the page stops the apply loop between chunks (the job resumes when the page is opened again).
  useEffect(() => () => void (stopped.current = true), []);

  async function downloadTemplate() {
    setStage('正在生成模板…');
    const r = await call('roster', 'template', { kind });
    setStage(null);
    if (!r.ok) return toast(r.error.message);
    if (!(await openTemplate(r.data.url, r.data.fileName))) toast('模板下载失败，请重试');
  }

  async function chooseAndPreview() {
    const file = await pickRosterFile();
    if (!file) return;
    const ext = importFileExt(file.name);
    if (!ext) return toast('只能导入 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）');
    if (file.size > 10 * 1024 * 1024) return toast('文件太大：不能超过 10 MB');
    setJob(null);
    setStage('正在上传…');
    const up = await upload(uploadPath(uploadDir, 'import', Date.now(), ext, Math.floor(Math.random() * 1000)), file.path);
    if (!up.ok) {
      setStage(null);
      return toast(up.error.message);
    }
    setStage('正在检查文件…');
    const r = await call('roster', 'preview', { kind, fileID: up.data.fileID, fileName: file.name.slice(0, 100), full: kind !== 'places' && full });
    setStage(null);
    if (!r.ok) return toast(r.error.message);
    setJob(r.data);
    remember(JOB_KEY, r.data.jobId);
  }

  async function applyAll(current: ImportJob) {
    if (current.status === 'previewed') {
      const c = current.counts;
      const ok = await confirmDialog({
        title: `导入 ${current.total} 项变化？`,
        content: `${CONFIRM_TEXT[current.kind](c)}${current.full && current.kind === 'students' ? `，${c.left} 人不在名单中将标记为离校` : ''}。导入后不能撤销，每项都会记入操作记录。`,
        confirmText: '导入',
        danger: current.full && c.left > 0,
      });
      if (!ok) return;
    }
    stopped.current = false;
    let now = current;
    let retries = 0;
    setStage('正在导入…');
    while (now.status !== 'done' && !stopped.current) {
      const r = await call('roster', 'apply', { jobId: now.jobId });
      if (!r.ok) {
        // Another tab may have written this chunk: ask again, it answers the progress.
        if (r.error.code === 'CONFLICT' && retries < 2 && !/重新上传/.test(r.error.message)) {
          retries += 1;
          continue;
        }
        setStage(null);
        return toast(`${r.error.message}（已导入 ${now.applied} 项，可点“继续导入”）`);
      }
      retries = 0;
      now = r.data;
      setJob(now);
    }
    setStage(null);
    if (now.status === 'done') {
      forget(JOB_KEY);
      toast(`导入完成：${now.total} 项`);
    }
  }

  if (resuming) return <Loading />;
  const template = IMPORT_TEMPLATES[kind];
  const locked = job !== null && job.status === 'applying';
  return (
    <View>
      <View className='card'>
        <Field label='导入什么'>
          <SelectPicker id='import-kind' options={IMPORT_KINDS} labels={kindLabels} value={kind} onChange={(k) => (locked ? toast('请先完成正在进行的导入') : (setKind(k), setJob(null)))} />
        </Field>
        <View className='muted'>{template.note}。列：{template.columns.map((c) => `${c.header}${c.required ? '*' : ''}`).join('、')}</View>
        <View className='muted'>上传的名单文件含个人信息，预览{IMPORT_FILES_LIFE_DAYS}天后自动删除；未完成的导入届时需重新上传。</View>
        <View style={{ margin: '16px 0' }}>
          <Btn small kind='ghost' busy={stage === '正在生成模板…'} onClick={() => void downloadTemplate()}>下载{template.title}模板</Btn>
        </View>
        {FULL_TEXT[kind] ? (
          <View className='list-item'>
            <View className='list-item__main'>
              这是完整名单
              <View className='muted'>{FULL_TEXT[kind]}</View>
            </View>
            <Switch id='import-full' checked={full} disabled={locked} color='#c8161d' onChange={(e) => (setFull(e.detail.value), setJob(null))} />
          </View>
        ) : null}
        {full && kind === 'students' ? <View className='notice'>完整名单：不在文件中的在校学生将全部标记为离校，失去党员身份以外的所有权限。只在导入全校（或全部楼栋）最新名单时打开。</View> : null}
        {OPEN_IMPORT_KINDS.includes(kind) ? (
          <Btn busy={stage !== null && stage !== '正在导入…'} disabled={locked || stage === '正在导入…'} onClick={() => void chooseAndPreview()}>选择文件并预览</Btn>
        ) : (
          <View className='notice' id='import-closed'>{template.title}名单的导入暂未开放：可以先下载模板整理数据。</View>
        )}
        {stage ? <View className='muted' id='import-stage'>{stage}</View> : null}
      </View>
      {job ? <Summary job={job} /> : null}
      {job && job.status !== 'previewed' ? <Progress job={job} /> : null}
      {job && job.errorCount === 0 && job.status !== 'done' && job.total > 0 ? (
        <Btn busy={stage === '正在导入…'} onClick={() => void applyAll(job)}>{job.status === 'applying' ? '继续导入' : `确认导入 ${job.total} 项`}</Btn>
      ) : null}
      {job && job.errorCount === 0 ? <Diff job={job} /> : null}
    </View>
  );
}

/** 名单导入 (issue 12): template, upload, dry run with row errors and the diff, then chunked apply that resumes. */
export default function AdminRosterImportPage() {
  const { remote, reload } = useMe();
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(me) => (me.role === 'admin' && me.uploadDir ? <Importer uploadDir={me.uploadDir} /> : <StateView title='仅学校管理员可用' text='名单导入只对学校管理员开放。' />)}
      </RemoteView>
    </View>
  );
}
