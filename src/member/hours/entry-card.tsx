import { View } from '@tarojs/components';
import { Btn } from '../../components/btn';
import { categoryLabels, entryStatusLabels, type Entry } from '../../shared/contract/volunteer';
import { canEdit, formatHours } from '../../utils/volunteer';

export interface EntryCardProps {
  entry: Entry;
  onWithdraw: (entry: Entry) => void;
  onEdit: (entry: Entry) => void;
}

/** One of the member's entries: status, claimed and approved hours, the counselor's comment. */
export function EntryCard({ entry, onWithdraw, onEdit }: EntryCardProps) {
  const approved = entry.status === 'approved' && entry.approvedHours !== null;
  return (
    <View className='card'>
      <View className='list-item__main'>
        <View style={{ display: 'flex', justifyContent: 'space-between' }}>
          <View className='card__title' style={{ marginBottom: '4px' }}>{entry.title}</View>
          <View className={entry.status === 'approved' ? 'tag tag--status' : 'tag'}>{entryStatusLabels[entry.status]}</View>
        </View>
        <View className='muted'>
          {categoryLabels[entry.category]} · {entry.date} {entry.start}-{entry.end} · {entry.place}
        </View>
        <View className='member__hours'>
          申报 {formatHours(entry.hours)} 小时
          {approved ? `，认定 ${formatHours(entry.approvedHours ?? 0)} 小时` : ''}
          {entry.verified ? '（活动签到核实）' : ''}
        </View>
        {entry.reviewComment ? <View className='member__pledge'>审核意见：{entry.reviewComment}</View> : null}
      </View>
      {entry.status === 'pending' || canEdit(entry.status) ? (
        <View className='member__actions'>
          {entry.status === 'pending' ? <Btn small kind='plain' onClick={() => onWithdraw(entry)}>撤回</Btn> : null}
          {canEdit(entry.status) && !entry.verified ? (
            <>
              <View style={{ width: '16px' }} />
              <Btn small kind='ghost' onClick={() => onEdit(entry)}>{entry.status === 'pending' ? '修改' : '编辑并提交'}</Btn>
            </>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
