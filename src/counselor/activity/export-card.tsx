import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field } from '../../components/field';
import { DatePicker } from '../../components/pickers';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { downloadToTemp, fetchFile } from '../../services/files';
import type { Result } from '../../services/result';
import type { volunteerContract } from '../../shared/contract/volunteer';
import type { OutputOf } from '../../shared/contract/define';
import { EXPORT_PART_ROWS, exportRangeOf } from '../../shared/domain/export-range';
import { termIn } from '../../shared/domain/term-calendar';
import { useRemote } from '../../hooks/use-remote';

type ExportReply = OutputOf<typeof volunteerContract.exportHours>;

/** The file is deleted once downloaded (it holds student numbers); the nightly sweep removes it within a day otherwise. */
const finish = (fileID: string) => call('volunteer', 'finishExport', { fileID });

/** h5: fetch the bytes, hand them to the browser as a download, then delete the stored file. */
async function downloadOnH5(fileID: string, url: string, name: string): Promise<boolean> {
  try {
    const blob = await fetchFile(url);
    if (!blob) return false;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    await finish(fileID);
    return true;
  } catch {
    return false;
  }
}

/** weapp: download and delete the stored file; the local copy opens in WeChat's document viewer (where it can be forwarded). */
async function downloadOnWeapp(fileID: string, url: string): Promise<string | null> {
  try {
    const tempFilePath = await downloadToTemp(url);
    await finish(fileID);
    return tempFilePath;
  } catch {
    void Taro.showToast({ title: '文件下载失败，请重新导出', icon: 'none' });
    return null;
  }
}

async function openLocal(filePath: string): Promise<void> {
  try {
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
  } catch {
    void Taro.showToast({ title: '文件打开失败，请稍后重试', icon: 'none' });
  }
}

/** One downloaded part: on weapp its local copy, to open again. */
type Part = { part: number; rows: number; downloaded: boolean; localPath: string | null };
type Progress = { parts: Part[]; rowsTotal: number; done: boolean };

/**
 * 导出: approved hours as .xlsx for transcripts and 转正 dossiers (each part is audited): this term's,
 * or of the days chosen (one term). A large export comes in parts (EXPORT_PART_ROWS entries each):
 * the card asks for the next part until there is none, downloading each as it comes (its link lives
 * ten minutes), and shows how far it got.
 */
export function ExportCard() {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The school's term calendar (null: the default rule), so the check below is the function's own.
  const { remote: terms } = useRemote(() => call('org', 'currentTerm', {}), []);
  const calendar = terms.status === 'ok' ? terms.data.calendar : null;
  const run = useCallback(async (): Promise<Result<ExportReply>> => {
    const input = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    // The same rule the function applies, so a range it would refuse is explained before the call.
    const range = exportRangeOf(input, new Date(), (at) => termIn(calendar, at));
    if (!range.ok) return { ok: false, error: { code: 'INVALID_INPUT', message: range.message } };
    const parts: Part[] = [];
    setProgress({ parts: [], rowsTotal: 0, done: false });
    let cursor: string | null = null;
    for (;;) {
      const reply: Result<ExportReply> = await call('volunteer', 'exportHours', cursor ? { cursor } : input);
      if (!reply.ok) return reply;
      const r: ExportReply = reply.data;
      const many = r.part > 1 || r.nextCursor !== null;
      let downloaded: boolean;
      let localPath: string | null = null;
      if (process.env.TARO_ENV === 'weapp') {
        localPath = await downloadOnWeapp(r.fileID, r.url);
        downloaded = !!localPath;
      } else {
        downloaded = await downloadOnH5(r.fileID, r.url, many ? `志愿时长-第${r.part}部分.xlsx` : '志愿时长.xlsx');
      }
      parts.push({ part: r.part, rows: r.rows, downloaded, localPath });
      setProgress({ parts: [...parts], rowsTotal: r.rowsTotal, done: r.nextCursor === null });
      if (r.nextCursor === null) {
        // One file opens at once, as before parts; several wait for their buttons.
        if (!many && localPath) await openLocal(localPath);
        return reply;
      }
      cursor = r.nextCursor;
    }
  }, [from, to, calendar]);
  const { submit, busy, error } = useSubmit(run, undefined, { inline: true });
  const rows = progress ? progress.parts.reduce((n, p) => n + p.rows, 0) : 0;
  const many = !!progress && (progress.parts.length > 1 || !progress.done);
  const failed = progress?.parts.filter((p) => !p.downloaded) ?? [];
  const local = progress?.parts.filter((p) => p.localPath) ?? [];
  return (
    <View className='card'>
      <View className='card__title'>导出志愿时长</View>
      <View className='muted' style={{ marginBottom: '16px' }}>Excel 表格，含姓名、学号、支部、日期、活动、类别、时长、是否核实、审核人。不选日期导出本学期全部；选了日期只导出这些天（需在同一学期内）。记录多时分成几个文件（每个最多 {EXPORT_PART_ROWS} 条），会依次下载。导出操作会被记录；下载后云端副本即删除。</View>
      <Field label='开始日期（可不选）'>
        <DatePicker value={from} end={to || undefined} onChange={setFrom} />
      </Field>
      <Field label='结束日期（可不选）'>
        <DatePicker value={to} start={from || undefined} onChange={setTo} />
      </Field>
      {error ? <View className='field__error'>{error.message}{many ? '（已下载的部分仍然有效，可重新导出全部）' : ''}</View> : null}
      {progress && !progress.done && !error ? (
        <View className='notice' style={{ marginTop: '16px' }}>
          正在导出第 {progress.parts.length + 1} 部分…已导出 {rows} / {progress.rowsTotal || '…'} 条记录。
        </View>
      ) : null}
      {progress?.done ? (
        <View className='notice' style={{ marginTop: '16px', wordBreak: 'break-all' }}>
          已导出 {rows} 条记录{many ? `，分 ${progress.parts.length} 个文件` : ''}。
          {failed.length === 0 ? '表格已下载，云端副本已删除。' : `${failed.map((p) => `第 ${p.part} 部分`).join('、')}下载未完成，请重新导出（云端副本最迟一天后自动删除）。`}
        </View>
      ) : null}
      <View className='sheet__actions'>
        {from || to ? <Btn kind='plain' onClick={() => { setFrom(''); setTo(''); }}>清除日期</Btn> : null}
        <Btn kind='ghost' busy={busy} onClick={() => void submit()}>导出 Excel</Btn>
        {local.map((p) => (
          <Btn key={p.part} kind='plain' onClick={() => void openLocal(p.localPath as string)}>{many ? `打开第 ${p.part} 部分` : '打开表格'}</Btn>
        ))}
      </View>
    </View>
  );
}
