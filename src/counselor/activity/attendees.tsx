import { View } from '@tarojs/components';
import { Btn } from '../../components/btn';
import { Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { call } from '../../services/cloud';
import type { Attendee } from '../../shared/contract/volunteer';
import { formatCst } from '../../utils/format';
import { formatHours } from '../../utils/volunteer';

function hoursLabel(a: Attendee): string {
  if (!a.signOutAt) return '未签退';
  if (a.hours === null) return '结算中';
  return a.hours > 0 ? `${formatHours(a.hours)} 小时` : '在场不足60%，不计时长';
}

/** Who signed in and out of one activity, from the server, in sign-in order. */
export function Attendees({ activityId }: { activityId: string }) {
  const list = usePaged<Attendee>(
    async (cursor) => {
      const r = await call('volunteer', 'activityAttendees', { activityId, ...(cursor ? { cursor } : {}) });
      return r.ok ? { ok: true as const, data: { items: r.data.items, nextCursor: r.data.nextCursor } } : r;
    },
    [activityId],
  );
  const signedOut = list.items.filter((a) => a.signOutAt).length;
  return (
    <View className='card card--list'>
      <View className='card__title'>签到名单{list.items.length ? `（已签到 ${list.items.length}${list.hasMore ? '+' : ''} 人，已签退 ${signedOut} 人）` : ''}</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <StateView title='加载失败' text={list.error.message} action={{ label: '重试', onClick: list.reload }} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <View className='muted'>还没有人签到。</View> : null}
      {list.items.map((a) => (
        <View key={a.memberId} className='list-item attendee'>
          <View className='list-item__main'>
            {a.name}
            <View className='muted'>
              签到 {formatCst(a.signInAt, 'HH:mm')}{a.signOutAt ? ` · 签退 ${formatCst(a.signOutAt, 'HH:mm')}` : ''}{a.branchName ? ` · ${a.branchName}` : ''}
            </View>
          </View>
          <View className='muted'>{hoursLabel(a)}</View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={list.reload}>刷新名单</Btn>
      </View>
    </View>
  );
}
