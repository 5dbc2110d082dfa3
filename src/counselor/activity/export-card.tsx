import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { downloadToTemp, fetchFile } from '../../services/files';

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

/** 导出: this term's approved hours as .xlsx for transcripts and 转正 dossiers (the export is audited). */
export function ExportCard() {
  const [file, setFile] = useState<{ rows: number; downloaded: boolean; localPath: string | null } | null>(null);
  const run = useCallback(() => call('volunteer', 'exportHours', {}), []);
  const done = useCallback(async (r: { fileID: string; rows: number; url: string }) => {
    setFile({ rows: r.rows, downloaded: false, localPath: null });
    if (process.env.TARO_ENV === 'weapp') {
      const localPath = await downloadOnWeapp(r.fileID, r.url);
      return setFile({ rows: r.rows, downloaded: !!localPath, localPath });
    }
    setFile({ rows: r.rows, downloaded: await downloadOnH5(r.fileID, r.url), localPath: null });
  }, []);
  const { submit, busy, error } = useSubmit(run, (r) => void done(r), { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>导出本学期志愿时长</View>
      <View className='muted'>Excel 表格，含姓名、学号、支部、日期、活动、类别、时长、是否核实、审核人。导出操作会被记录；下载后云端副本即删除。</View>
      {error ? <View className='field__error'>{error.message}</View> : null}
      {file ? (
        <View className='notice' style={{ marginTop: '16px', wordBreak: 'break-all' }}>
          已导出 {file.rows} 条记录。
          {file.downloaded ? '表格已下载，云端副本已删除。' : '下载未完成，请重新导出（云端副本最迟一天后自动删除）。'}
        </View>
      ) : null}
      <View className='sheet__actions'>
        <Btn kind='ghost' busy={busy} onClick={() => void submit()}>导出 Excel</Btn>
        {file?.localPath ? <Btn kind='plain' onClick={() => void openLocal(file.localPath as string)}>再次打开</Btn> : null}
      </View>
    </View>
  );
}
