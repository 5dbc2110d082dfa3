import { View } from '@tarojs/components';
import { AuditLog } from '../../components/audit-log';
import { Btn } from '../../components/btn';
import { ErrorState, Loading } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { call } from '../../services/cloud';

/** 操作记录 for an admin: the whole school or one building, who did what to whom, before and after. */
export default function AdminAuditPage() {
  const buildings = usePaged((cursor) => call('plaque', 'buildings', { limit: 50, ...(cursor ? { cursor } : {}) }), []);
  if (buildings.loading && buildings.items.length === 0) return <View className='page'><Loading /></View>;
  if (buildings.error && buildings.items.length === 0) return <View className='page'><ErrorState message={buildings.error.message} onRetry={buildings.reload} /></View>;
  return (
    <View className='page'>
      <AuditLog buildings={buildings.items} wholeSchool />
      {buildings.hasMore ? <Btn small kind='plain' busy={buildings.loadingMore} onClick={buildings.loadMore}>更多楼栋</Btn> : null}
    </View>
  );
}
