import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { StateView } from '../../components/state-view';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { volunteerContract } from '../../shared/contract/volunteer';
import { go, routes } from '../../utils/routes';
import { activityCodeIn, formatHours } from '../../utils/volunteer';

type Scanned = OutputOf<(typeof volunteerContract)['scanActivity']>;

function resultText(r: Scanned): string {
  if (r.phase === 'in') return '签到成功';
  if (r.notCounted) return r.notCounted.message;
  if (r.hours && r.hours > 0) return `签退成功，获得 ${formatHours(r.hours)} 小时（已核实）`;
  return '签退成功，但在场时间不足活动时长的60%，本次不计时长';
}

/** A member scans the counselor's rotating activity QR: sign in at the start, sign out at the end. */
export default function MemberScanPage() {
  const [text, setText] = useState('');
  const [done, setDone] = useState<Scanned | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const send = useCallback((code: string) => call('volunteer', 'scanActivity', { code }), []);
  const { submit, busy, error } = useSubmit(send, setDone, { inline: true });

  function sendCode(raw: string) {
    const code = activityCodeIn(raw);
    if (!code) return setLocalError('这不是活动签到二维码，请扫描辅导员展示的二维码');
    setLocalError(null);
    void submit(code);
  }

  async function scan() {
    if (process.env.TARO_ENV !== 'weapp') return sendCode(text);
    try {
      const res = await Taro.scanCode({ scanType: ['qrCode'], onlyFromCamera: true });
      sendCode(res.result);
    } catch {
      // camera closed
    }
  }

  if (done) {
    return (
      <View className='page'>
        <StateView icon='✓' title={resultText(done)} text={done.activityTitle}>
          <View className='sheet__actions' style={{ width: '100%' }}>
            <Btn kind='ghost' onClick={() => setDone(null)}>继续扫码</Btn>
            <Btn onClick={() => go(routes.memberHours())}>我的志愿时长</Btn>
          </View>
        </StateView>
      </View>
    );
  }

  const message = localError ?? error?.message ?? null;
  return (
    <View className='page'>
      <View className='notice'>活动开始时扫码签到，结束时再扫码签退。二维码每20秒更新，请扫描现场屏幕上的最新二维码。在场时间不足活动时长60%不计时长。</View>
      {process.env.TARO_ENV === 'weapp' ? (
        message ? <View className='error-box'>{message}</View> : null
      ) : (
        <View className='card'>
          <Field label='签到码（本地演示：输入或粘贴辅导员页面显示的编号）' error={message}>
            <TextInput value={text} onChange={setText} maxlength={200} placeholder='16位签到码' />
          </Field>
        </View>
      )}
      {process.env.TARO_ENV === 'weapp' ? <StateView icon='扫' title='扫描活动二维码' text='点击下方按钮打开相机' /> : null}
      <BottomBar>
        <Btn busy={busy} onClick={() => void scan()}>{process.env.TARO_ENV === 'weapp' ? '扫码签到 / 签退' : '签到 / 签退'}</Btn>
      </BottomBar>
    </View>
  );
}
