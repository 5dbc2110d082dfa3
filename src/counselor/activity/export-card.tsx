import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { useSubmit } from '../../hooks/use-submit';
import { devAuth } from '../../services/cloud';
import { call } from '../../services/cloud';
import { apiOrigin } from '../../services/config';

/** h5: a temporary download URL from the local CloudBase's storage (the signed-in session pays for it). */
async function h5DownloadUrl(fileID: string): Promise<string | null> {
  const token = devAuth?.current()?.token;
  if (!token) return null;
  try {
    const res = await fetch(`${apiOrigin()}/client/storage/temp-urls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ fileList: [fileID] }),
    });
    const body = (await res.json()) as { fileList?: Array<{ tempFileURL?: string }> };
    return body.fileList?.[0]?.tempFileURL ?? null;
  } catch {
    return null;
  }
}

/** weapp: a temp URL, download, and open the .xlsx in WeChat's document viewer (where it can be forwarded). */
async function openOnWeapp(fileID: string): Promise<void> {
  try {
    const urls = await Taro.cloud.getTempFileURL({ fileList: [fileID] });
    const url = urls.fileList[0]?.tempFileURL;
    if (!url) throw new Error('no url');
    const file = await Taro.downloadFile({ url });
    await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true });
  } catch {
    void Taro.showToast({ title: '文件打开失败，请稍后重试', icon: 'none' });
  }
}

/** 导出: this term's approved hours as .xlsx for transcripts and 转正 dossiers (the export is audited). */
export function ExportCard() {
  const [file, setFile] = useState<{ fileID: string; rows: number; url: string | null } | null>(null);
  const run = useCallback(() => call('volunteer', 'exportHours', {}), []);
  const done = useCallback(async (r: { fileID: string; rows: number }) => {
    if (process.env.TARO_ENV === 'weapp') {
      setFile({ ...r, url: null });
      return void openOnWeapp(r.fileID);
    }
    setFile({ ...r, url: await h5DownloadUrl(r.fileID) });
  }, []);
  const { submit, busy, error } = useSubmit(run, (r) => void done(r), { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>导出本学期志愿时长</View>
      <View className='muted'>Excel 表格，含姓名、学号、支部、日期、活动、类别、时长、是否核实、审核人。导出操作会被记录。</View>
      {error ? <View className='field__error'>{error.message}</View> : null}
      {file ? (
        <View className='notice' style={{ marginTop: '16px', wordBreak: 'break-all' }}>
          已导出 {file.rows} 条记录。
          {process.env.TARO_ENV === 'h5' ? (
            file.url ? <a href={file.url} download='志愿时长.xlsx'>下载表格</a> : <View className='code'>{file.fileID}</View>
          ) : (
            <View className='muted'>文件：{file.fileID}</View>
          )}
        </View>
      ) : null}
      <View className='sheet__actions'>
        <Btn kind='ghost' busy={busy} onClick={() => void submit()}>导出 Excel</Btn>
        {file && process.env.TARO_ENV === 'weapp' ? <Btn kind='plain' onClick={() => void openOnWeapp(file.fileID)}>再次打开</Btn> : null}
      </View>
    </View>
  );
}
