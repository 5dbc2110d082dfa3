import { View } from '@tarojs/components';
import { Btn } from '../../components/btn';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import type { InspectionView } from '../../shared/contract/checkin-inspections';
import { ratingLabels } from '../../shared/domain/inspection';
import { formatCst } from '../../utils/format';

/** A resident (student or member) reads their own room's inspections, corrections and flag. */
export default function RoomInspectionsPage() {
  const head = useRemote(() => call('checkin', 'roomInspections', { limit: 1 }), []);
  const list = usePaged<InspectionView>(async (cursor) => {
    const r = await call('checkin', 'roomInspections', cursor ? { cursor } : {});
    return r.ok ? { ok: true as const, data: { items: r.data.items, nextCursor: r.data.nextCursor } } : r;
  }, []);
  usePullReload(list.reload);
  const flag = head.remote.status === 'ok' ? head.remote.data.flag : null;
  return (
    <View className='page'>
      {flag?.flagged ? (
        <View className='card'>
          <View className='card__title'>寝室被评为“脏乱差”，请在 {formatCst(flag.deadline, 'YYYY-MM-DD')} 前完成整改</View>
          <View className='muted'>整改并经复查通过前，本寝室成员不得发展入党，预备党员不得转正。</View>
        </View>
      ) : null}
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <StateView icon='检' title='你的寝室还没有检查记录' /> : null}
      {list.items.map((i) => (
        <View key={i.id} className='card'>
          <View className='card__title'>{ratingLabels[i.rating]} · {i.percent}分{i.kind === 'correction' ? '（更正）' : ''}{i.correctedBy ? '（已被更正）' : ''}</View>
          <View className='muted'>{formatCst(i.at)} · {i.inspectorName}{i.reason ? ` · 更正原因：${i.reason}` : ''}</View>
          {i.items.filter((x) => x.score < x.maxScore).map((x) => (
            <View key={x.id} className='muted'>{x.label}：{x.score}/{x.maxScore}</View>
          ))}
          {i.note ? <View className='member__pledge'>{i.note}</View> : null}
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}
