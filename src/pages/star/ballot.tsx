import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { CandidateCard } from '../../components/candidate-card';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { ballotErrorMessages, checkBallot } from '../../shared/domain/star';
import { confirmDialog } from '../../utils/confirm';
import { namesOf, type Candidate } from '../../utils/star';

export interface BallotProps {
  roundId: string;
  votesPerVoter: number;
  candidates: Candidate[];
  /** The voter's own member id: their card cannot be chosen (never a vote for oneself). */
  myMemberId: string | null;
  onVoted: () => void;
}

/** Choose up to K candidates (the shared ballot rule decides what is allowed), confirm, vote once. */
export function Ballot({ roundId, votesPerVoter, candidates, myMemberId, onVoted }: BallotProps) {
  const [chosen, setChosen] = useState<string[]>([]);
  const rule = { votesPerVoter, candidateIds: candidates.map((c) => c.memberId) };
  const run = useCallback(() => call('star', 'vote', { roundId, candidateIds: chosen }), [roundId, chosen]);
  const done = useCallback(() => {
    void Taro.showToast({ title: '投票成功', icon: 'success' });
    onVoted();
  }, [onVoted]);
  // ALREADY_VOTED (another phone of the same person) or a closed window: the page reloads to show what holds now.
  const { submit, busy } = useSubmit(run, done);

  function toggle(id: string) {
    if (chosen.includes(id)) return setChosen(chosen.filter((x) => x !== id));
    const problem = checkBallot([...chosen, id], rule, myMemberId);
    if (problem) return void Taro.showToast({ title: problem === 'TOO_MANY' ? `每人最多选 ${votesPerVoter} 人` : ballotErrorMessages[problem], icon: 'none' });
    setChosen([...chosen, id]);
  }

  async function vote() {
    const problem = checkBallot(chosen, rule, myMemberId);
    if (problem) return void Taro.showToast({ title: ballotErrorMessages[problem], icon: 'none' });
    const ok = await confirmDialog({ title: '确认投票', content: `投给：${namesOf(chosen, candidates)}。投票后不能更改。`, confirmText: '投票' });
    if (!ok) return;
    const result = await submit();
    if (result && !result.ok) onVoted();
  }

  const left = votesPerVoter - chosen.length;
  return (
    <View>
      <View className='notice ballot__left'>
        {left > 0 ? `你还可以选 ${left} 人` : `已选满 ${votesPerVoter} 人`}（每人最多 {votesPerVoter} 票，每位候选人最多1票，投票后不能更改）
      </View>
      {candidates.map((c) =>
        c.memberId === myMemberId ? (
          <CandidateCard key={c.memberId} candidate={c} note='本人（不能投给自己）' />
        ) : (
          <CandidateCard key={c.memberId} candidate={c} selected={chosen.includes(c.memberId)} onToggle={() => toggle(c.memberId)} />
        ),
      )}
      <BottomBar>
        <Btn disabled={chosen.length === 0} busy={busy} onClick={() => void vote()}>
          {chosen.length === 0 ? '请选择候选人' : `投票（已选 ${chosen.length} 人）`}
        </Btn>
      </BottomBar>
    </View>
  );
}
