import Taro from '@tarojs/taro';
import { useCallback } from 'react';
import { Btn } from '../components/btn';
import { useSubmit } from '../hooks/use-submit';
import { call } from '../services/cloud';
import { cstDate } from '../shared/domain/china-time';
import { nextStatus } from '../shared/domain/inspection';
import { memberStatusLabels, type MemberStatus } from '../shared/model';

/**
 * One development step forward (develop.recordStep, the timeline's one way to record a step), dated
 * today, after a confirmation. The server refuses it while the member's room is flagged 脏乱差 and says
 * which room and until when (a toast). Other dates, notes and corrections: the development page.
 */
export function AdvanceButton({ memberId, name, status, onDone }: { memberId: string; name: string; status: MemberStatus; onDone: () => void }) {
  const to = nextStatus(status);
  const run = useCallback(() => call('develop', 'recordStep', { person: { memberId }, stage: to ?? 'full', date: cstDate(new Date()) }), [memberId, to]);
  const done = useCallback(() => {
    void Taro.showToast({ title: '已记录', icon: 'success' });
    onDone();
  }, [onDone]);
  const { submit, busy } = useSubmit(run, done);
  if (!to) return null;
  const label = to === 'full' ? '转正' : `确定为${memberStatusLabels[to]}`;
  const ask = async () => {
    const { confirm } = await Taro.showModal({ title: label, content: `确认将${name}从${memberStatusLabels[status]}发展为${memberStatusLabels[to]}？此记录不可删除。` });
    if (confirm) void submit();
  };
  return <Btn small kind='plain' busy={busy} onClick={() => void ask()}>{label}</Btn>;
}
