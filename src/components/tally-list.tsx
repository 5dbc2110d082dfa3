import { View } from '@tarojs/components';
import type { TallyRow } from '../utils/star';
import { share } from '../utils/volunteer';

/** The stored tally, most votes first, with a bar per candidate; the star is marked. */
export function TallyList({ rows, starId }: { rows: readonly TallyRow[]; starId?: string | null }) {
  const top = Math.max(1, ...rows.map((r) => r.votes));
  return (
    <View>
      {rows.length === 0 ? <View className='muted'>本轮没有候选人得票。</View> : null}
      {rows.map((r) => (
        <View key={r.memberId} className='tally-row' style={{ marginBottom: '16px' }}>
          <View style={{ display: 'flex', justifyContent: 'space-between' }}>
            <View>
              第{r.rank}名 {r.name}
              {r.memberId === starId ? <View className='tag tag--badge' style={{ display: 'inline-block', marginLeft: '12px' }}>每月之星</View> : null}
            </View>
            <View className='muted'>{r.votes} 票</View>
          </View>
          <View className='progress'><View className='progress__bar' style={{ width: `${Math.round(share(r.votes, top) * 100)}%` }} /></View>
        </View>
      ))}
    </View>
  );
}
