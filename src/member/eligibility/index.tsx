import { View } from '@tarojs/components';
import { EligibilityView } from '../../components/eligibility-view';
import { RemoteView } from '../../components/state-view';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';

/** A member's own checklist for the next development step and their points ledger. */
export default function MemberEligibilityPage() {
  const { remote, reload } = useRemote(() => call('develop', 'eligibility', {}), []);
  usePullReload(reload);
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>{(data) => <EligibilityView data={data} />}</RemoteView>
    </View>
  );
}
