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
import { EXPORT_LIMIT, exportRangeOf } from '../../shared/domain/export-range';

type ExportReply = OutputOf<typeof volunteerContract.exportHours>;

/** The file is deleted once downloaded (it holds student numbers); the nightly sweep removes it within a day otherwise. */
const finish = (fileID: string) => call('volunteer', 'finishExport', { fileID });

/** h5: fetch the bytes, hand them to the browser as a download, then delete the stored file. */
async function downloadOnH5(fileID: string, url: string): Promise<boolean> {
  try {
    const blob = await fetchFile(url);
    if (!blob) return false;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = '志愿时长.xlsx';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    await finish(fileID);
    return true;
  } catch {
    return false;
  }
}

/** weapp: download, delete the stored file, and open the local copy in WeChat's document viewer (where it can be forwarded). */
async function downloadOnWeapp(fileID: string, url: string): Promise<string | null> {
  try {
    const tempFilePath = await downloadToTemp(url);
    await finish(fileID);
    await openLocal(tempFilePath);
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

type Exported = { rows: number; truncated: boolean; rowsTotal: number; downloaded: boolean; localPath: string | null };

/**
 * 导出: approved hours as .xlsx for transcripts and 转正 dossiers (the export is audited): this term's,
 * or of the days chosen (one term). A file cut at the export limit says so, with what to do.
 */
export function ExportCard() {
  const [file, setFile] = useState<Exported | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const run = useCallback(async (): Promise<Result<ExportReply>> => {
    const input = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    // The same rule the function applies, so a range it would refuse is explained before the call.
    const range = exportRangeOf(input, new Date());
    if (!range.ok) return { ok: false, error: { code: 'INVALID_INPUT', message: range.message } };
    return call('volunteer', 'exportHours', input);
  }, [from, to]);
  const done = useCallback(async (r: ExportReply) => {
    const base = { rows: r.rows, truncated: r.truncated, rowsTotal: r.rowsTotal };
    setFile({ ...base, downloaded: false, localPath: null });
    if (process.env.TARO_ENV === 'weapp') {
      const localPath = await downloadOnWeapp(r.fileID, r.url);
      return setFile({ ...base, downloaded: !!localPath, localPath });
    }
    setFile({ ...base, downloaded: await downloadOnH5(r.fileID, r.url), localPath: null });
  }, []);
  const { submit, busy, error } = useSubmit(run, (r) => void done(r), { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>导出志愿时长</View>
      <View className='muted' style={{ marginBottom: '16px' }}>Excel 表格，含姓名、学号、支部、日期、活动、类别、时长、是否核实、审核人。不选日期导出本学期全部；选了日期只导出这些天（需在同一学期内）。导出操作会被记录；下载后云端副本即删除。</View>
      <Field label='开始日期（可不选）'>
        <DatePicker value={from} end={to || undefined} onChange={setFrom} />
      </Field>
      <Field label='结束日期（可不选）'>
        <DatePicker value={to} start={from || undefined} onChange={setTo} />
      </Field>
      {error ? <View className='field__error'>{error.message}</View> : null}
      {file ? (
        <View className='notice' style={{ marginTop: '16px', wordBreak: 'break-all' }}>
          已导出 {file.rows} 条记录。
          {file.downloaded ? '表格已下载，云端副本已删除。' : '下载未完成，请重新导出（云端副本最迟一天后自动删除）。'}
        </View>
      ) : null}
      {file?.truncated ? (
        <View className='field__error'>
          记录共 {file.rowsTotal} 条，超过单次导出上限 {EXPORT_LIMIT} 条：本文件只含按日期排在前面的 {file.rows} 条。请选择开始、结束日期，分几段导出。
        </View>
      ) : null}
      <View className='sheet__actions'>
        {from || to ? <Btn kind='plain' onClick={() => { setFrom(''); setTo(''); }}>清除日期</Btn> : null}
        <Btn kind='ghost' busy={busy} onClick={() => void submit()}>导出 Excel</Btn>
        {file?.localPath ? <Btn kind='plain' onClick={() => void openLocal(file.localPath as string)}>再次打开</Btn> : null}
      </View>
    </View>
  );
}
