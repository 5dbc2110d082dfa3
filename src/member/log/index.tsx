import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { RemoteView, StateView } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import { entryStatusLabels, type Entry } from '../../shared/contract/volunteer';
import { canEdit, canSubmit, formatHours } from '../../utils/volunteer';
import { go, routes } from '../../utils/routes';
import { EntryFields } from './entry-fields';
import { checkForm, emptyForm, fieldOfCode, formOf, type EntryForm, type FieldName } from './form';
import { askSubscribe } from './subscribe';

/** The member's upload folder and, when `?id=` names one, the entry being edited, by id (however old it is). */
async function loadContext(editId: string | undefined) {
  const [me, mine] = await Promise.all([call('account', 'me', {}), editId ? call('volunteer', 'myEntry', { id: editId }) : null]);
  if (!me.ok) return me;
  // A missing entry (withdrawn, deleted, another member's) shows as such; other failures as failures.
  if (mine && !mine.ok && mine.error.code !== 'NOT_FOUND') return mine;
  return { ok: true as const, data: { uploadDir: me.data.member?.uploadDir ?? null, editing: mine?.ok ? mine.data.entry : null } };
}

/** Every entry of the member on one service day, page by page: null when it could not be read. */
async function entriesOfDay(date: string): Promise<Entry[] | null> {
  const out: Entry[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('volunteer', 'myEntries', { date, limit: 50, ...(cursor ? { cursor } : {}) });
    if (!page.ok) return null;
    out.push(...page.data.items);
    cursor = page.data.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/**
 * The entries of the day the form shows, read again whenever the date changes or `version` moves on
 * (after a save): the day rules (countingOthers) then see what the server's check sees, however many
 * entries other days hold.
 */
function useDayEntries(date: string, version: number): { date: string; entries: Entry[] | null } | null {
  const [day, setDay] = useState<{ date: string; entries: Entry[] | null } | null>(null);
  useEffect(() => {
    let current = true;
    if (!date) return undefined;
    setDay(null);
    void entriesOfDay(date).then((entries) => current && setDay({ date, entries }));
    return () => void (current = false);
  }, [date, version]);
  return day;
}

function Done({ entry, onAnother }: { entry: Entry; onAnother: () => void }) {
  return (
    <StateView icon='✓' title={entry.status === 'pending' ? '已提交，等待辅导员审核' : '已保存'} text={`${entry.title} · ${entry.date} ${entry.start}-${entry.end} · ${formatHours(entry.hours)}小时`}>
      <View className='tag tag--status' style={{ marginBottom: '32px' }}>{entryStatusLabels[entry.status]}</View>
      <View className='sheet__actions' style={{ width: '100%' }}>
        <Btn kind='ghost' onClick={onAnother}>再登记一条</Btn>
        <Btn onClick={() => void Taro.redirectTo({ url: routes.memberHours() }).catch(() => go(routes.memberHours()))}>我的志愿时长</Btn>
      </View>
    </StateView>
  );
}

function LogForm({ uploadDir, editId, editing }: { uploadDir: string; editId: string | undefined; editing: Entry | undefined }) {
  const [id, setId] = useState<string | undefined>(editing?.id);
  const [form, setForm] = useState<EntryForm>(() => (editing ? formOf(editing) : emptyForm(new Date())));
  const [error, setError] = useState<{ field: FieldName | null; message: string } | null>(null);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const [done, setDone] = useState<Entry | null>(null);
  const status = editing?.status ?? 'draft';
  const [saves, setSaves] = useState(0);
  const day = useDayEntries(form.date, saves);

  useEffect(() => void (editing && Taro.setNavigationBarTitle({ title: '修改志愿服务' })), [editing]);

  if (editId && !editing) return <StateView icon='?' title='没有找到这条记录' text='它可能已被撤回或删除。' action={{ label: '返回我的时长', onClick: () => go(routes.memberHours()) }} />;
  if (editing && !canEdit(editing.status)) return <StateView icon='锁' title={`这条记录${entryStatusLabels[editing.status]}，不能再修改`} action={{ label: '返回我的时长', onClick: () => go(routes.memberHours()) }} />;
  if (done) return <Done entry={done} onAnother={() => { setDone(null); setId(undefined); setForm(emptyForm(new Date())); }} />;

  async function save(andSubmit: boolean) {
    if (busy) return;
    // The chosen day's entries, as the server counts them. Until they arrive (or if they cannot be
    // read) the day rules are left to the server, which checks them anyway: no wait before the
    // subscribe prompt, which must come straight from the tap.
    const others = day?.date === form.date ? (day.entries ?? []) : [];
    const check = checkForm(form, others, id, new Date());
    if (!check.ok) return setError({ field: check.field, message: check.message });
    setError(null);
    // The subscribe prompt must come straight from the tap, before any network wait.
    const subscribe = andSubmit ? await askSubscribe() : false;
    setBusy(andSubmit ? 'submit' : 'draft');
    const saved = await call('volunteer', 'saveDraft', { ...check.input, ...(id ? { id } : {}) });
    if (!saved.ok) {
      setBusy(null);
      return setError({ field: fieldOfCode(saved.error.code), message: saved.error.message });
    }
    setId(saved.data.entry.id);
    setSaves((n) => n + 1);
    if (!andSubmit) {
      setBusy(null);
      void Taro.showToast({ title: status === 'pending' ? '已保存修改' : '草稿已保存', icon: 'success' });
      return status === 'pending' ? setDone(saved.data.entry) : undefined;
    }
    const submitted = await call('volunteer', 'submit', { id: saved.data.entry.id, subscribe });
    setBusy(null);
    setSaves((n) => n + 1);
    if (!submitted.ok) return setError({ field: fieldOfCode(submitted.error.code), message: `草稿已保存，但提交失败：${submitted.error.message}` });
    setDone(submitted.data.entry);
  }

  return (
    <View>
      {editing?.status === 'returned' && editing.reviewComment ? <View className='notice'>辅导员的修改意见：{editing.reviewComment}</View> : null}
      <EntryFields form={form} uploadDir={uploadDir} errorField={error?.field ?? null} error={error?.message ?? null} onChange={(patch) => setForm((f) => ({ ...f, ...patch }))} />
      {error && error.field === null ? <View className='error-box'>{error.message}</View> : null}
      <BottomBar>
        {canSubmit(status) ? (
          <>
            <Btn kind='ghost' busy={busy === 'draft'} disabled={busy !== null} onClick={() => void save(false)}>保存草稿</Btn>
            <Btn busy={busy === 'submit'} disabled={busy !== null} onClick={() => void save(true)}>提交审核</Btn>
          </>
        ) : (
          <Btn busy={busy !== null} onClick={() => void save(false)}>保存修改</Btn>
        )}
      </BottomBar>
    </View>
  );
}

/** 登记志愿服务: a new entry, or a draft / returned / pending one to correct (`?id=`). */
export default function MemberLogPage() {
  const editId = useRouter().params.id;
  const { remote, reload } = useRemote(() => loadContext(editId), [editId]);
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {({ uploadDir, editing }) =>
          uploadDir ? (
            <LogForm uploadDir={uploadDir} editId={editId} editing={editing ?? undefined} />
          ) : (
            <StateView icon='党' title='仅党员可以登记志愿时长' action={{ label: '回到首页', onClick: () => go(routes.home()) }} />
          )
        }
      </RemoteView>
    </View>
  );
}
