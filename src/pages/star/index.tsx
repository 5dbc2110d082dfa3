import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { CandidateCard } from '../../components/candidate-card';
import { RoundHeader, RoundLine } from '../../components/round-header';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { TallyList } from '../../components/tally-list';
import { useMe } from '../../hooks/use-me';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import { formatCst } from '../../utils/format';
import { go, routes } from '../../utils/routes';
import { namesOf, nominationLabels, type RoundSummary, type RoundView } from '../../utils/star';
import { Ballot } from './ballot';
import { ObjectionSheet, ObjectionView, SelfNominateSheet } from './sheets';

/** A guest (no 学号 bound) is not in any electorate yet. */
function BindFirst() {
  return <StateView icon='绑' title='绑定学号后参与评选' text='每月之星由本楼同学一人一票选出，请先在“我的”绑定学号。' action={{ label: '去绑定', onClick: () => go(routes.me()) }} />;
}

/** The rounds of my building (a counselor's: their scope), newest first. */
function RoundList() {
  const list = usePaged<RoundSummary>(async (cursor) => call('star', 'rounds', cursor ? { cursor } : {}), []);
  const who = useMe();
  const staff = who.remote.status === 'ok' && (who.remote.data.role === 'counselor' || who.remote.data.role === 'admin');
  usePullReload(list.reload);
  return (
    <View className='page'>
      {staff ? (
        <BottomBar>
          <Btn onClick={() => go(routes.counselorStar())}>发起和管理评选</Btn>
        </BottomBar>
      ) : null}
      <View className='hero'>
        <View className='hero__title'>党员之星评选</View>
        <View className='hero__sub'>每月评选一位表现突出的学生党员，本楼同学一人一票，结果公示后颁发“每月之星”</View>
      </View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error?.code === 'NOT_BOUND' ? (
        <BindFirst />
      ) : list.error ? (
        <ErrorState message={list.error.message} onRetry={list.reload} />
      ) : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <StateView icon='星' title='本楼暂无评选' text='辅导员发起评选后，这里会显示提名、投票和公示结果。绑定学号后才能参与本楼的评选。' action={{ label: '刷新', onClick: list.reload }} />
      ) : null}
      {list.items.length > 0 ? (
        <View className='card card--list'>
          {list.items.map((r) => (
            <RoundLine key={r.id} round={r} onClick={() => go(routes.star(r.id))} />
          ))}
        </View>
      ) : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

function Results({ view }: { view: RoundView }) {
  const { round, tally, starReason } = view;
  return (
    <View className='card'>
      <View className='card__title'>{round.phase === 'final' ? '评选结果' : '评选结果公示'}</View>
      {round.star ? (
        <View className='notice star-result'>每月之星：{round.star.name}</View>
      ) : (
        <View className='notice'>评选结果正在重新确认，请稍后再看。</View>
      )}
      {starReason ? <View className='muted' style={{ margin: '12px 0' }}>未按得票第一确定的理由：{starReason}</View> : null}
      {tally ? <TallyList rows={tally} starId={round.star?.memberId} /> : null}
    </View>
  );
}

/** What the page says while there is nothing to vote on (yet, or any more). */
function phaseNote(view: RoundView): string | null {
  const { round, me } = view;
  switch (round.phase) {
    case 'upcoming':
      return `提名将于 ${formatCst(round.nominateFrom)} 开始。`;
    case 'nominating':
      return `提名进行中，投票将于 ${formatCst(round.voteFrom)} 开始。`;
    case 'awaitingVote':
      return `提名已结束，投票将于 ${formatCst(round.voteFrom)} 开始。`;
    case 'counting':
      return '投票已结束，正在计票。结果经辅导员确认后公示。';
    case 'tallied':
      return '计票已完成，结果经辅导员确认后公示。';
    case 'voting':
      return me?.inElectorate ? null : '投票进行中。本轮只有本楼栋已绑定学号的同学和党员可以投票。';
    default:
      return null;
  }
}

function Round({ id }: { id: string }) {
  const { remote, reload } = useRemote(() => call('star', 'round', { id }), [id]);
  const who = useMe();
  const me = who.remote.status === 'ok' ? who.remote.data : null;
  const [sheet, setSheet] = useState<'self' | 'object' | null>(null);
  usePullReload(reload);
  const closeAndReload = useCallback(() => {
    setSheet(null);
    reload();
  }, [reload]);

  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload} onError={(e) => (e.code === 'NOT_BOUND' ? <BindFirst /> : e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN' ? <StateView icon='?' title='找不到这轮评选' text={e.message} action={{ label: '查看本楼评选', onClick: () => void Taro.redirectTo({ url: routes.star() }) }} /> : undefined)}>
        {(view) => {
          const { round } = view;
          const accepted = view.candidates.filter((c) => c.nomination === 'accepted');
          const mine = view.me;
          const voted = mine?.votedFor ?? null;
          const published = round.phase === 'notice' || round.phase === 'noticeEnded' || round.phase === 'final';
          const canVote = round.phase === 'voting' && mine?.inElectorate === true && voted === null;
          const canNominateSelf = round.phase === 'nominating' && me?.role === 'member' && mine?.inElectorate === true && mine.nomination === null;
          const canObject = round.phase === 'notice' && voted !== null && mine?.objection === null;
          const note = phaseNote(view);
          return (
            <View>
              <RoundHeader round={round} />
              {note ? <View className='notice'>{note}</View> : null}
              {voted ? (
                <View className='card voted'>
                  <View className='card__title'>已投票</View>
                  <View>你投给了：{namesOf(voted, view.candidates)}</View>
                  {mine?.votedAt ? <View className='muted'>{formatCst(mine.votedAt)} · 投票后不能更改</View> : null}
                </View>
              ) : null}
              {mine?.nomination ? <View className='notice'>我的自荐：{nominationLabels[mine.nomination]}</View> : null}
              {published ? <Results view={view} /> : null}
              {mine?.objection ? <ObjectionView objection={mine.objection} /> : null}
              {canVote ? (
                <Ballot roundId={round.id} votesPerVoter={round.votesPerVoter} candidates={accepted} myMemberId={me?.member?.id ?? null} onVoted={reload} />
              ) : published ? null : (
                <View>
                  <View className='section-title'>候选人（{accepted.length}）</View>
                  {accepted.length === 0 ? <View className='muted' style={{ textAlign: 'center' }}>还没有候选人。</View> : null}
                  {accepted.map((c) => (
                    <CandidateCard key={c.memberId} candidate={c} />
                  ))}
                </View>
              )}
              {canNominateSelf ? (
                <BottomBar>
                  <Btn onClick={() => setSheet('self')}>自荐参评</Btn>
                </BottomBar>
              ) : null}
              {canObject ? (
                <BottomBar>
                  <Btn kind='ghost' onClick={() => setSheet('object')}>提出异议</Btn>
                </BottomBar>
              ) : null}
              <SelfNominateSheet roundId={round.id} open={sheet === 'self'} onClose={() => setSheet(null)} onDone={closeAndReload} />
              <ObjectionSheet roundId={round.id} open={sheet === 'object'} onClose={() => setSheet(null)} onDone={closeAndReload} />
            </View>
          );
        }}
      </RemoteView>
    </View>
  );
}

/** 党员之星评选: the rounds I can see, or one round (`?id=`): candidates, my ballot, the results and 公示. */
export default function StarPage() {
  const id = useRouter().params.id;
  return id ? <Round id={decodeURIComponent(id)} /> : <RoundList />;
}
