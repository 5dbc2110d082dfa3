import { View } from '@tarojs/components';
import { Btn } from '../../components/btn';
import { ErrorState, Loading, RemoteView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import { entryStatusLabels, type volunteerContract } from '../../shared/contract/volunteer';
import { conversionText } from '../../utils/conversion';
import { formatCst } from '../../utils/format';
import { go, routes } from '../../utils/routes';
import { formatHours, share } from '../../utils/volunteer';
import { ExportCard } from '../activity/export-card';
import { AdvanceButton } from '../advance-button';

type Behind = OutputOf<(typeof volunteerContract)['behindPace']>['items'][number];

/** Probationary members behind the 50-hour pace, a page at a time (a school has thousands). */
function BehindPaceCard() {
  const list = usePaged<Behind>(
    async (cursor) => {
      const r = await call('volunteer', 'behindPace', { limit: 20, ...(cursor ? { cursor } : {}) });
      return r.ok ? { ok: true as const, data: { items: r.data.items, nextCursor: r.data.nextCursor } } : r;
    },
    [],
  );
  return (
    <View className='card'>
      <View className='card__title'>进度落后的预备党员</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && !list.hasMore ? <View className='muted'>所有预备党员都跟上了50小时的进度。</View> : null}
      {list.items.map((m) => (
        <View key={m.memberId} className='list-item'>
          <View className='list-item__main'>
            {m.name}
            <View className='muted'>已完成 {formatHours(m.total)} 小时，按进度应完成 {formatHours(m.expectedByNow)} 小时 · {conversionText(m.dueAt, m.overdueDays)}</View>
          </View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** Backlog, hours this term by branch, probationary members past their conversion date or behind the 50-hour pace (in scope). */
export default function CounselorDashboardPage() {
  const { remote, reload } = useRemote(() => call('volunteer', 'dashboard', {}), []);
  usePullReload(reload);
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(d) => {
          const top = Math.max(1, ...d.branches.map((b) => b.hours));
          return (
            <View>
              <View className='card' onClick={() => go(routes.counselorReview())}>
                <View className='card__title'>{entryStatusLabels.pending}</View>
                <View className='stats'>
                  <View className='stat'><View className='stat__n'>{d.backlog}</View><View className='stat__label'>条待审核</View></View>
                  <View className='stat'><View className='stat__n'>{d.oldestPendingDays === null ? '—' : Math.floor(d.oldestPendingDays)}</View><View className='stat__label'>最久等待（天）</View></View>
                </View>
                {d.backlog > 0 ? <View className='muted' style={{ textAlign: 'right' }}>去审核 ›</View> : null}
              </View>
              <View className='card'>
                <View className='card__title'>本学期各支部志愿时长</View>
                {d.branches.length === 0 ? <View className='muted'>本学期还没有认定的时长。</View> : null}
                {d.branches.map((b) => (
                  <View key={b.branchId} style={{ marginBottom: '16px' }}>
                    <View style={{ display: 'flex', justifyContent: 'space-between' }}>
                      <View>{b.branchName}</View>
                      <View className='muted'>{formatHours(b.hours)} 小时</View>
                    </View>
                    <View className='progress'><View className='progress__bar' style={{ width: `${Math.round(share(b.hours, top) * 100)}%` }} /></View>
                  </View>
                ))}
              </View>
              {d.overdue.length > 0 ? (
                <View className='card'>
                  <View className='card__title'>转正时间已过的预备党员（{d.overdue.length}{d.overdueMore ? '+' : ''}）</View>
                  {d.overdue.map((m) => (
                    <View key={m.memberId} className='list-item'>
                      <View className='list-item__main'>
                        {m.name}{' '}
                        <View className='tag tag--status' style={{ display: 'inline-block', marginLeft: '12px' }}>已逾期 {m.overdueDays} 天</View>
                        <View className='muted'>已完成 {formatHours(m.total)} 小时 · 应于 {formatCst(m.dueAt, 'YYYY-MM-DD')} 转正</View>
                      </View>
                      <AdvanceButton memberId={m.memberId} name={m.name} status='probationary' onDone={reload} />
                    </View>
                  ))}
                  {d.overdueMore ? <View className='muted'>只列出逾期最久的 {d.overdue.length} 人，其余请导出时长表查看。</View> : null}
                </View>
              ) : null}
              <BehindPaceCard />
              <ExportCard />
            </View>
          );
        }}
      </RemoteView>
    </View>
  );
}
