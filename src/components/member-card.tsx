import { Text, View } from '@tarojs/components';
import type { PublicMember } from '../shared/contract/common';
import { distinctHonours } from '../shared/domain/public-member';
import { starTitle } from '../shared/domain/star';
import { memberStatusLabels, postLabels } from '../shared/model';
import { Avatar } from './avatar';
import { Btn } from './btn';
import { Tags } from './tags';

export interface MemberCardProps {
  member: PublicMember;
  /** Shown on the building wall, where members of many rooms appear together. */
  roomNumber?: string;
  onFeedback?: (member: PublicMember) => void;
}

const hours = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** One member as anyone scanning a door may see them: public fields only (see shared PublicMember). */
export function MemberCard({ member, roomNumber, onFeedback }: MemberCardProps) {
  const org = [member.branchName, member.groupName].filter(Boolean).join(' · ');
  const { posts, badges } = distinctHonours(member.posts, member.badges);
  return (
    <View className='card'>
      <View className='member'>
        <Avatar name={member.name} url={member.photoUrl} />
        <View className='member__body'>
          <View className='member__name'>
            {member.name}
            {roomNumber ? <Text className='muted'>{`  ${roomNumber}室`}</Text> : null}
          </View>
          <View className='tags'>
            <View className='tag tag--status'>{memberStatusLabels[member.status]}</View>
            {posts.map((p) => (
              <View key={p} className='tag'>{postLabels[p]}</View>
            ))}
          </View>
          {org ? <View className='member__line'>{org}</View> : null}
          <Tags kind='badge' items={[...member.stars.map(starTitle), ...badges.map((b) => b.name)]} />
        </View>
      </View>
      {member.pledge ? <View className='member__pledge'>承诺：{member.pledge}</View> : null}
      {/* No hours yet says nothing about a person: the line appears only once there are some. */}
      {member.termHours > 0 ? (
        <View className='member__hours'>
          本学期志愿服务 <Text className='member__hours-n'>{hours(member.termHours)}</Text> 小时
        </View>
      ) : null}
      {onFeedback ? (
        <View className='member__actions'>
          <Btn kind='ghost' small onClick={() => onFeedback(member)}>监督反馈</Btn>
        </View>
      ) : null}
    </View>
  );
}
