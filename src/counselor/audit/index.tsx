import { View } from '@tarojs/components';
import { AuditLog } from '../../components/audit-log';
import { RemoteView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';

/** 操作记录 for a counselor: the records of their buildings only (the server refuses any other). */
export default function CounselorAuditPage() {
  const { remote, reload } = useMe();
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(me) => <AuditLog buildings={me.counselor?.buildings ?? []} wholeSchool={false} />}
      </RemoteView>
    </View>
  );
}
