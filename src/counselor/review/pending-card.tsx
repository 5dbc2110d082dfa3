import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Btn } from '../../components/btn';
import { categoryLabels, type PendingEntry } from '../../shared/contract/volunteer';
import { ageLabel, formatHours } from '../../utils/volunteer';
import type { Decision } from './review-sheet';

export type Pending = PendingEntry;

export interface PendingCardProps {
  entry: Pending;
  selected: boolean;
  onToggle: (id: string) => void;
  onDecide: (entry: Pending, decision: Decision) => void;
}

/** A pending entry with its evidence; tap the box to include it in a bulk approval. */
export function PendingCard({ entry, selected, onToggle, onDecide }: PendingCardProps) {
  return (
    <View className='card'>
      <View style={{ display: 'flex', alignItems: 'flex-start' }}>
        <View className={selected ? 'check check--on' : 'check'} ariaRole='checkbox' ariaLabel={selected ? '已选择' : '选择'} onClick={() => onToggle(entry.id)}>{selected ? '✓' : ''}</View>
        <View className='list-item__main'>
          <View className='card__title' style={{ marginBottom: '4px' }}>{entry.memberName} · {formatHours(entry.hours)}小时</View>
          <View className='muted'>{entry.branchName ?? '未分配支部'} · {ageLabel(entry.ageDays)}</View>
        </View>
      </View>
      <View className='member__pledge'>
        {entry.title}（{categoryLabels[entry.category]}）
        <View className='muted'>{entry.date} {entry.start}-{entry.end} · {entry.place}</View>
        {entry.description ? <View>{entry.description}</View> : null}
        {entry.witnessName ? <View className='muted'>证明人：{entry.witnessName} {entry.witnessContact ?? ''}</View> : null}
      </View>
      {entry.photoUrls.length > 0 ? (
        <View className='photos' style={{ marginTop: '16px' }}>
          {entry.photoUrls.map((url) => (
            <View key={url} className='photo'>
              <Image className='photo__img' src={url} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: entry.photoUrls, current: url }).catch(() => undefined)} />
            </View>
          ))}
        </View>
      ) : null}
      <View className='member__actions'>
        <Btn small kind='plain' onClick={() => onDecide(entry, 'reject')}>驳回</Btn>
        <View style={{ width: '12px' }} />
        <Btn small kind='plain' onClick={() => onDecide(entry, 'return')}>退回</Btn>
        <View style={{ width: '12px' }} />
        <Btn small onClick={() => onDecide(entry, 'approve')}>通过</Btn>
      </View>
    </View>
  );
}
