import { View } from '@tarojs/components';
import { Btn } from '../components/btn';
import { ErrorState, Loading, StateView } from '../components/state-view';
import { usePaged } from '../hooks/use-paged';
import { call } from '../services/cloud';

/** The contract's largest page. */
const PAGE = 50;

/** The buildings as tappable chips, a page at a time; `selected` holds one id (codes) or several (invites). */
export function BuildingChips({ selected, onToggle }: { selected: string[]; onToggle: (id: string, name: string) => void }) {
  const list = usePaged((cursor) => call('plaque', 'buildings', { limit: PAGE, ...(cursor ? { cursor } : {}) }), []);
  if (list.loading && list.items.length === 0) return <Loading />;
  if (list.error && list.items.length === 0) return <ErrorState message={list.error.message} onRetry={list.reload} />;
  if (list.items.length === 0 && !list.hasMore) return <StateView icon='空' title='还没有楼栋' action={{ label: '刷新', onClick: list.reload }} />;
  return (
    <View>
      <View className='chips'>
        {list.items.map((b) => (
          <View key={b.id} className={selected.includes(b.id) ? 'chip chip--on' : 'chip'} onClick={() => onToggle(b.id, b.name)}>
            {b.name}
          </View>
        ))}
      </View>
      {list.error ? <ErrorState message={list.error.message} onRetry={list.loadMore} /> : null}
      {list.hasMore ? <Btn small kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}
