import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { downloadToTemp, fetchFile } from '../../services/files';

const FILE_NAME = '我的个人信息副本.json';

/**
 * 个人信息副本 (PIPL art. 45): everything the app keeps about the caller as one JSON file, which only
 * they receive (a link living ten minutes; the stored copy is deleted within a day). Also shown to a
 * person who left the school, until their data is anonymised.
 */
export function MyDataCard({ left }: { left?: boolean }) {
  const [state, setState] = useState<string | null>(null);
  const run = useCallback(() => call('account', 'myData', {}), []);
  const done = useCallback(async (r: { url: string; counts: Record<string, number> }) => {
    const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
    try {
      if (process.env.TARO_ENV === 'weapp') {
        const filePath = await downloadToTemp(r.url);
        // A JSON file cannot be opened in WeChat: it is sent to a chat (e.g. 文件传输助手) to keep.
        if (typeof Taro.shareFileMessage === 'function') await Taro.shareFileMessage({ filePath, fileName: FILE_NAME });
        else await Taro.setClipboardData({ data: r.url });
      } else {
        const blob = await fetchFile(r.url);
        if (!blob) throw new Error('download');
        const link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = FILE_NAME;
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      }
      setState(`已生成副本，共 ${total} 条记录。`);
    } catch {
      setState('下载未完成，请重新生成。');
    }
  }, []);
  const { submit, busy, error } = useSubmit(run, (r) => void done(r), { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>我的个人信息</View>
      <View className='muted'>
        {left
          ? '你已离校：门牌和公示中已不再显示你。学校保留期满后，你的姓名、学号、手机号、照片和微信绑定将被删除或匿名化；在此之前你仍可下载副本。'
          : '下载本小程序保存的关于你的全部信息（账号、花名册、志愿时长、走访、值班、徽章、发展记录、你提交的反馈和公示同意记录），仅你本人可以下载。'}
      </View>
      {error ? <View className='field__error'>{error.message}</View> : null}
      {state ? <View className='muted'>{state}</View> : null}
      <Btn kind='ghost' busy={busy} onClick={() => void submit()}>下载我的个人信息副本</Btn>
    </View>
  );
}
