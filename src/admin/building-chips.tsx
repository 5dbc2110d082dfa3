import { View } from '@tarojs/components';
import { RemoteView, StateView } from '../components/state-view';
import { useRemote } from '../hooks/use-remote';
import { call } from '../services/cloud';

/** The buildings as tappable chips; `selected` holds one id (codes) or several (invites). */
export function BuildingChips({ selected, onToggle }: { selected: string[]; onToggle: (id: string) => void }) {
  const { remote, reload } = useRemote(() => call('plaque', 'buildings', {}), []);
  return (
    <RemoteView
      remote={remote}
      onRetry={reload}
      isEmpty={(d) => d.buildings.length === 0}
      empty={<StateView icon='空' title='还没有楼栋' action={{ label: '刷新', onClick: reload }} />}
    >
      {({ buildings }) => (
        <View className='chips'>
          {buildings.map((b) => (
            <View key={b.id} className={selected.includes(b.id) ? 'chip chip--on' : 'chip'} onClick={() => onToggle(b.id)}>
              {b.name}
            </View>
          ))}
        </View>
      )}
    </RemoteView>
  );
}
