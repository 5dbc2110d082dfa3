import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { StateView } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import { codeWindow } from '../../shared/domain/activity';
import { formatDateTime } from '../../utils/format';
import { QrMatrix } from './qr-matrix';

export const REFRESH_MS = 20_000;
type Phase = 'in' | 'out';

/** When the server refuses a code outside its window, say when it opens (the same rule the server uses). */
function closedText(phase: Phase, startAt: string, endAt: string): string {
  const { opens, closes } = codeWindow({ startAt: new Date(startAt), endAt: new Date(endAt) }, phase);
  return `${phase === 'in' ? '签到码' : '签退码'}在 ${formatDateTime(opens.toISOString())} 至 ${formatDateTime(closes.toISOString())} 之间提供`;
}

/** The activity's current code for a phase, fetched again every 20 s (each code is accepted for 30 s). */
export function RotatingCode({ activityId, title, startAt, endAt }: { activityId: string; title: string; startAt: string; endAt: string }) {
  const [phase, setPhase] = useState<Phase>('in');
  const { remote, reload } = useRemote(() => call('volunteer', 'activityCode', { id: activityId, phase }), [activityId, phase]);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload, phase]);

  return (
    <View className='card'>
      <View className='card__title'>{title}</View>
      <View className='chips'>
        {(['in', 'out'] as const).map((p) => (
          <View key={p} className={p === phase ? 'chip chip--on' : 'chip'} onClick={() => setPhase(p)}>
            {p === 'in' ? '签到码（活动开始）' : '签退码（活动结束）'}
          </View>
        ))}
      </View>
      {remote.status === 'ok' ? (
        <View>
          <QrMatrix text={remote.data.code} />
          <View className='big-code'>{remote.data.code}</View>
          <View className='muted' style={{ textAlign: 'center' }}>请党员用“扫码签到”扫描。二维码每20秒自动更新，截图转发无效。</View>
        </View>
      ) : remote.status === 'error' ? (
        remote.code === 'WRONG_PHASE' ? (
          <StateView icon='时' title={phase === 'in' ? '还不能签到' : '还不能签退'} text={closedText(phase, startAt, endAt)} action={{ label: '重试', onClick: reload }} />
        ) : (
          <StateView title='获取签到码失败' text={remote.message} action={{ label: '重试', onClick: reload }} />
        )
      ) : (
        <View className='skeleton' />
      )}
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={reload}>立即刷新</Btn>
      </View>
    </View>
  );
}
