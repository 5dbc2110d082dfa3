import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { downloadToTemp, fetchFile } from '../../services/files';

/** The round's tally and flags as .xlsx for the 党总支's records (audited); the stored copy is swept within a day. */
export function ExportTally({ roundId, month }: { roundId: string; month: string }) {
  const [state, setState] = useState<string | null>(null);
  const run = useCallback(() => call('star', 'exportTally', { roundId }), [roundId]);
  const done = useCallback(
    async (r: { rows: number; url: string }) => {
      try {
        if (process.env.TARO_ENV === 'weapp') {
          const filePath = await downloadToTemp(r.url);
          await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
        } else {
          const blob = await fetchFile(r.url);
          if (!blob) throw new Error('download');
          const link = document.createElement('a');
          link.href = URL.createObjectURL(blob);
          link.download = `每月之星计票-${month}.xlsx`;
          link.click();
          setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
        }
        setState(`已导出 ${r.rows} 行。`);
      } catch {
        setState('下载未完成，请重新导出。');
      }
    },
    [month],
  );
  const { submit, busy, error } = useSubmit(run, (r) => void done(r), { inline: true });
  return (
    <View className='sheet__actions'>
      {error ? <View className='field__error'>{error.message}</View> : null}
      {state ? <View className='muted'>{state}</View> : null}
      <Btn kind='ghost' busy={busy} onClick={() => void submit()}>导出计票表（Excel）</Btn>
    </View>
  );
}
