import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { memberStatusLabels } from '../shared/model';
import { nominationLabels, type Candidate } from '../utils/star';
import { formatHours } from '../utils/volunteer';
import { Avatar } from './avatar';
import { Tags } from './tags';

export interface CandidateCardProps {
  candidate: Candidate;
  /** Selectable on the ballot: a check box on the left, the whole card taps. */
  selected?: boolean;
  onToggle?: () => void;
  /** Show the nomination's state (counselor view, or a member's own nomination). */
  showNomination?: boolean;
  /** e.g. `本人` on the voter's own card. */
  note?: string;
  children?: ReactNode;
}

/** A candidate of the monthly star vote: the plaque's public fields, the deeds and the figures the system filled in. */
export function CandidateCard({ candidate: c, selected, onToggle, showNomination, note, children }: CandidateCardProps) {
  const selectable = onToggle !== undefined;
  return (
    <View className={selected ? 'card candidate candidate--on' : 'card candidate'} ariaRole={selectable ? 'checkbox' : undefined} ariaLabel={selectable ? `${c.name}${selected ? '，已选' : ''}` : undefined} onClick={onToggle}>
      <View className='member'>
        {selectable ? <View className={selected ? 'check check--on' : 'check'}>{selected ? '✓' : ''}</View> : null}
        <Avatar name={c.name} url={c.photoUrl} size={96} />
        <View className='member__body'>
          <View className='member__name'>
            {c.name}
            {note ? <Text className='muted'>{`  ${note}`}</Text> : null}
          </View>
          <View className='tags'>
            <View className='tag tag--status'>{memberStatusLabels[c.status]}</View>
            {c.self ? <View className='tag'>自荐</View> : null}
            {showNomination && c.nomination !== 'accepted' ? <View className='tag'>{nominationLabels[c.nomination]}</View> : null}
          </View>
          {c.branchName ? <View className='member__line'>{c.branchName}</View> : null}
          <Tags kind='badge' items={c.figures.badges.map((b) => b.name)} />
        </View>
      </View>
      <View className='member__pledge'>事迹：{c.deeds}</View>
      <View className='member__hours'>
        本月志愿服务 <Text className='member__hours-n'>{formatHours(c.figures.monthHours)}</Text> 小时 · 本学期 {formatHours(c.figures.termHours)} 小时
      </View>
      {showNomination && c.declineReason ? <View className='muted'>未通过原因：{c.declineReason}</View> : null}
      {children}
    </View>
  );
}
