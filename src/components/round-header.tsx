import { View } from '@tarojs/components';
import { roundPhaseLabels } from '../shared/domain/star';
import { formatCst } from '../utils/format';
import { windowText, type RoundSummary } from '../utils/star';

/** A round's title, phase and windows (China time), the same on the voter's and the counselor's page. */
export function RoundHeader({ round }: { round: RoundSummary }) {
  return (
    <View className='hero round-hero'>
      <View className='hero__title'>{round.title}</View>
      <View className='hero__sub'>{round.scopeLabel} · {roundPhaseLabels[round.phase]}</View>
      <View className='hero__sub'>提名 {windowText(round.nominateFrom, round.nominateUntil)}</View>
      <View className='hero__sub'>投票 {windowText(round.voteFrom, round.voteUntil)} · 每人可投 {round.votesPerVoter} 票</View>
      {round.noticeUntil ? <View className='hero__sub'>公示至 {formatCst(round.noticeUntil)}（{round.noticeDays}天）</View> : <View className='hero__sub'>结果公示 {round.noticeDays} 天</View>}
    </View>
  );
}

/** One line of the rounds list. */
export function RoundLine({ round, onClick }: { round: RoundSummary; onClick: () => void }) {
  const when = round.phase === 'upcoming' || round.phase === 'nominating' ? `提名 ${windowText(round.nominateFrom, round.nominateUntil)}` : `投票 ${windowText(round.voteFrom, round.voteUntil)}`;
  return (
    <View className='list-item' hoverClass='btn--hover' onClick={onClick}>
      <View className='list-item__main'>
        {round.title}
        <View className='muted'>{round.scopeLabel} · {when}</View>
        {round.star ? <View className='muted'>每月之星：{round.star.name}</View> : null}
      </View>
      <View className='tag tag--status'>{roundPhaseLabels[round.phase]}</View>
      <View className='list-item__arrow'>›</View>
    </View>
  );
}
