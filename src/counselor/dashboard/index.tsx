import { View } from '@tarojs/components';
import { RemoteView } from '../../components/state-view';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import { entryStatusLabels } from '../../shared/contract/volunteer';
import { conversionText } from '../../utils/conversion';
import { formatCst } from '../../utils/format';
import { go, routes } from '../../utils/routes';
import { formatHours, share } from '../../utils/volunteer';
import { ExportCard } from '../activity/export-card';
import { AdvanceButton } from '../advance-button';

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
                  <View className='card__title'>转正时间已过的预备党员（{d.overdue.length}）</View>
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
                </View>
              ) : null}
              <View className='card'>
                <View className='card__title'>进度落后的预备党员（{d.behindPace.length}）</View>
                {d.behindPace.length === 0 ? <View className='muted'>所有预备党员都跟上了50小时的进度。</View> : null}
                {d.behindPace.map((m) => (
                  <View key={m.memberId} className='list-item'>
                    <View className='list-item__main'>
                      {m.name}
                      <View className='muted'>已完成 {formatHours(m.total)} 小时，按进度应完成 {formatHours(m.expectedByNow)} 小时 · {conversionText(m.dueAt, m.overdueDays)}</View>
                    </View>
                  </View>
                ))}
              </View>
              <ExportCard />
            </View>
          );
        }}
      </RemoteView>
    </View>
  );
}
