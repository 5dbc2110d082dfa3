import { View } from '@tarojs/components';
import { Btn } from '../../components/btn';
import { Loading, StateView } from '../../components/state-view';
import type { Paged } from '../../hooks/use-paged';
import type { ActivitySummary } from '../../shared/contract/volunteer';
import { formatCst } from '../../utils/format';

/** `2026-11-20 14:00-16:00` (China time), or with both dates when it runs past midnight. */
export function activityTime(a: Pick<ActivitySummary, 'startAt' | 'endAt'>): string {
  const start = formatCst(a.startAt);
  const end = formatCst(a.endAt);
  return start.slice(0, 10) === end.slice(0, 10) ? `${start}-${end.slice(11)}` : `${start} 至 ${end}`;
}

/** The counselor's activities from the server, latest first; tapping one opens its code and attendees. */
export function ActivityList({ list, selectedId, onSelect }: { list: Paged<ActivitySummary>; selectedId: string | null; onSelect: (a: ActivitySummary) => void }) {
  return (
    <View className='card card--list'>
      <View className='card__title'>我的活动</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <StateView title='加载失败' text={list.error.message} action={{ label: '重试', onClick: list.reload }} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <View className='muted'>还没有活动。在下面新建一个，现场出示签到码。</View> : null}
      {list.items.map((a) => (
        <View key={a.id} className='list-item' onClick={() => onSelect(a)}>
          <View className='list-item__main'>
            {a.title}
            <View className='muted'>{activityTime(a)} · {a.place}</View>
          </View>
          <View className='list-item__arrow'>{a.id === selectedId ? '查看中' : '›'}</View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}
