import { View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { CandidateCard } from '../../components/candidate-card';
import { Field, TextArea } from '../../components/field';
import { RoundHeader } from '../../components/round-header';
import { Sheet } from '../../components/sheet';
import { RemoteView } from '../../components/state-view';
import { TallyList } from '../../components/tally-list';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { flagLabels, leaders, starNeedsReason } from '../../shared/domain/star';
import { confirmDialog } from '../../utils/confirm';
import type { Candidate, RoundView, TallyRow } from '../../utils/star';
import { ExportTally } from './export-tally';
import { NominateCard } from './nominate-card';
import { Objections } from './objections';

function DeclineSheet({ roundId, candidate, onClose, onDone }: { roundId: string; candidate: Candidate | null; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const run = useCallback(() => call('star', 'decideNomination', { roundId, memberId: candidate?.memberId ?? '', accept: false, reason }), [roundId, candidate, reason]);
  const { submit, busy, error } = useSubmit(run, onDone, { inline: true });
  return (
    <Sheet open={candidate !== null} title={`不通过${candidate?.name ?? ''}的自荐`} onClose={onClose}>
      <Field label='原因' hint={`${reason.trim().length}/200，本人可以看到`} error={error?.message}>
        <TextArea value={reason} onChange={setReason} maxlength={200} placeholder='例如：本月事迹与志愿记录不符，请补充材料后下月再报' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={reason.trim().length < 2} onClick={() => void submit()}>确认不通过</Btn>
      </View>
    </Sheet>
  );
}

/** 确认并公示: the top of the tally by default; anyone else needs a written reason (audited). */
function PublishCard({ view, onDone }: { view: RoundView; onDone: () => void }) {
  const rows: TallyRow[] = view.tally ?? [];
  const [chosen, setChosen] = useState<string | null>(() => leaders(rows)[0] ?? null);
  const [reason, setReason] = useState('');
  const needsReason = chosen !== null && starNeedsReason(chosen, rows);
  const run = useCallback(
    () => call('star', 'publish', { roundId: view.round.id, memberId: chosen ?? '', ...(needsReason ? { reason } : {}) }),
    [view.round.id, chosen, needsReason, reason],
  );
  const { submit, busy, error } = useSubmit(run, onDone, { inline: true });
  const name = rows.find((r) => r.memberId === chosen)?.name ?? '';
  async function publish() {
    const ok = await confirmDialog({ title: '确认并公示', content: `确定${name}为${view.round.title}的每月之星，并公示${view.round.noticeDays}天？`, confirmText: '公示' });
    if (ok) void submit();
  }
  return (
    <View className='card publish'>
      <View className='card__title'>确认每月之星并公示</View>
      <View className='chips'>
        {rows.map((r) => (
          <View key={r.memberId} className={r.memberId === chosen ? 'chip chip--on' : 'chip'} onClick={() => setChosen(r.memberId)}>{r.name}（{r.votes}票）</View>
        ))}
      </View>
      {leaders(rows).length > 1 ? <View className='muted'>得票并列第一，请确定一位。</View> : null}
      {needsReason ? (
        <Field label='未按得票第一确定的理由（必填，公示时一并公开并记录）' hint={`${reason.trim().length}/300`}>
          <TextArea value={reason} onChange={setReason} maxlength={300} placeholder='例如：得票第一的同学本月受到通报批评，经党总支研究改为…' />
        </Field>
      ) : null}
      {error ? <View className='error-box'>{error.message}</View> : null}
      <Btn busy={busy} disabled={chosen === null || (needsReason && reason.trim().length < 5)} onClick={() => void publish()}>确认并公示</Btn>
    </View>
  );
}

/** One round for its counselor: turnout, nominations, close, the tally with flags, publish, objections, export. */
export function RoundAdmin({ id }: { id: string }) {
  const { remote, reload } = useRemote(() => call('star', 'round', { id }), [id]);
  const [declining, setDeclining] = useState<Candidate | null>(null);
  usePullReload(reload);
  const accept = useSubmit(useCallback((memberId: string) => call('star', 'decideNomination', { roundId: id, memberId, accept: true }), [id]), reload);
  const close = useSubmit(useCallback(() => call('star', 'close', { roundId: id }), [id]), reload);
  const declined = useCallback(() => {
    setDeclining(null);
    reload();
  }, [reload]);

  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(view) => {
          const { round, turnout, tally, flags } = view;
          const nominating = round.phase === 'upcoming' || round.phase === 'nominating';
          const published = round.phase === 'notice' || round.phase === 'noticeEnded' || round.phase === 'final';
          return (
            <View>
              <RoundHeader round={round} />
              {turnout ? (
                <View className='card turnout'>
                  <View className='card__title'>投票率</View>
                  <View className='stats'>
                    <View className='stat'><View className='stat__n'>{turnout.voted}</View><View className='stat__label'>已投票</View></View>
                    <View className='stat'><View className='stat__n'>{turnout.electorate}</View><View className='stat__label'>选民</View></View>
                    <View className='stat'><View className='stat__n'>{turnout.electorate ? Math.round((turnout.voted / turnout.electorate) * 100) : 0}%</View><View className='stat__label'>投票率</View></View>
                  </View>
                  {round.phase === 'voting' ? <View className='muted'>计票前任何人（包括辅导员）都看不到各候选人的得票。</View> : null}
                </View>
              ) : null}
              {round.phase === 'counting' ? (
                <View className='card'>
                  <View className='muted'>投票时间已结束。系统会自动计票；也可以现在计票。</View>
                  <Btn busy={close.busy} onClick={() => void close.submit()}>结束投票并计票</Btn>
                </View>
              ) : null}
              {tally ? (
                <View className='card tally'>
                  <View className='card__title'>计票结果</View>
                  <TallyList rows={tally} starId={round.star?.memberId} />
                  {view.starReason ? <View className='muted'>未按得票第一确定的理由：{view.starReason}</View> : null}
                  {flags && flags.length > 0 ? (
                    <View>
                      <View className='section-title'>异常提示（仅供参考，不影响计票）</View>
                      {flags.map((f) => (
                        <View key={`${f.kind}-${f.detail}`} className='flag'>⚠ {flagLabels[f.kind]}：{f.count} 张选票 · {f.detail}</View>
                      ))}
                    </View>
                  ) : flags ? <View className='muted'>未发现异常投票。</View> : null}
                  <ExportTally roundId={round.id} month={round.month} />
                </View>
              ) : null}
              {round.phase === 'tallied' && tally ? <PublishCard key={round.star?.memberId ?? 'none'} view={view} onDone={reload} /> : null}
              {published ? <Objections roundId={round.id} onAnswered={reload} /> : null}
              <View className='section-title'>提名（{view.candidates.length}）</View>
              {view.candidates.length === 0 ? <View className='muted' style={{ textAlign: 'center' }}>还没有提名。</View> : null}
              {view.candidates.map((c) => (
                <CandidateCard key={c.memberId} candidate={c} showNomination>
                  {c.nomination === 'proposed' ? (
                    <View className='member__actions'>
                      <Btn kind='ghost' small onClick={() => setDeclining(c)}>不通过</Btn>
                      <Btn small busy={accept.busy} onClick={() => void accept.submit(c.memberId)}>通过自荐</Btn>
                    </View>
                  ) : null}
                </CandidateCard>
              ))}
              {nominating ? <NominateCard roundId={round.id} onNominated={reload} /> : null}
              <DeclineSheet roundId={round.id} candidate={declining} onClose={() => setDeclining(null)} onDone={declined} />
            </View>
          );
        }}
      </RemoteView>
    </View>
  );
}
