import { View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { DatePicker, TimePicker } from '../../components/pickers';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { Me } from '../../shared/contract/common';
import { cstDate, cstYearMonth, DAY_MS } from '../../shared/domain/china-time';
import { checkWindows, NOTICE_DAYS_DEFAULT, NOTICE_DAYS_MAX, VOTES_DEFAULT, VOTES_MAX, VOTES_MIN } from '../../shared/domain/star';
import { cstIso } from '../../utils/volunteer';
import type { RoundSummary } from '../../utils/star';

type Building = { id: string; name: string; communityName?: string };

const monthKey = (year: number, monthIndex: number) => `${year}-${String(monthIndex + 1).padStart(2, '0')}`;

/** This month and the one before (a round usually honours the month just ending). */
function monthOptions(now: Date): string[] {
  const { year, monthIndex } = cstYearMonth(now);
  return [monthKey(year, monthIndex), monthIndex === 0 ? monthKey(year - 1, 11) : monthKey(year, monthIndex - 1)];
}

const plusDays = (now: Date, days: number) => cstDate(new Date(now.getTime() + days * DAY_MS));

/** The buildings a round may cover: a counselor's own; an admin's every building (grouped by community). */
function useScopeBuildings(me: Me): Building[] | null {
  const all = useRemote(() => (me.role === 'admin' ? everyBuilding() : Promise.resolve({ ok: true as const, data: { items: [] as Building[] } })), [me.role]);
  if (me.role !== 'admin') return me.counselor?.buildings ?? [];
  return all.remote.status === 'ok' ? all.remote.data.items : null;
}

/** An admin's picker lists every building: page after page (a school has tens to a few hundred), never only the first. */
async function everyBuilding() {
  const items: Building[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await call('plaque', 'buildings', { limit: 50, ...(cursor ? { cursor } : {}) });
    if (!page.ok) return page;
    items.push(...page.data.items);
    if (!page.data.nextCursor) return { ok: true as const, data: { items } };
    cursor = page.data.nextCursor;
  }
}

/** 发起评选: month, buildings, windows (China time), 公示 days and K; the shared window rule is checked before sending. */
export function RoundForm({ me, onCreated }: { me: Me; onCreated: (round: RoundSummary) => void }) {
  const now = useMemo(() => new Date(), []);
  const buildings = useScopeBuildings(me);
  const months = monthOptions(now);
  const [month, setMonth] = useState(months[0]);
  const [picked, setPicked] = useState<string[] | null>(null);
  // A counselor's round covers all their buildings unless they untick some; an admin picks.
  const chosen = picked ?? (me.role === 'admin' ? [] : (buildings ?? []).map((b) => b.id));
  const [nominateFrom, setNominateFrom] = useState({ date: cstDate(now), time: '08:00' });
  const [nominateUntil, setNominateUntil] = useState({ date: plusDays(now, 3), time: '22:00' });
  const [voteFrom, setVoteFrom] = useState({ date: plusDays(now, 4), time: '08:00' });
  const [voteUntil, setVoteUntil] = useState({ date: plusDays(now, 6), time: '22:00' });
  const [noticeDays, setNoticeDays] = useState(String(NOTICE_DAYS_DEFAULT));
  const [votes, setVotes] = useState(VOTES_DEFAULT);
  const [localError, setLocalError] = useState<string | null>(null);

  const input = {
    month,
    scope: { buildingIds: chosen },
    nominateFrom: cstIso(nominateFrom.date, nominateFrom.time),
    nominateUntil: cstIso(nominateUntil.date, nominateUntil.time),
    voteFrom: cstIso(voteFrom.date, voteFrom.time),
    voteUntil: cstIso(voteUntil.date, voteUntil.time),
    noticeDays: Number(noticeDays),
    votesPerVoter: votes,
  };
  const { submit, busy, error } = useSubmit(() => call('star', 'createRound', input), (r) => onCreated(r.round), { inline: true });

  function create() {
    if (chosen.length === 0) return setLocalError('请至少选择一栋楼');
    if (!Number.isInteger(input.noticeDays) || input.noticeDays < 1 || input.noticeDays > NOTICE_DAYS_MAX) return setLocalError(`公示天数为1到${NOTICE_DAYS_MAX}天`);
    const times = [input.nominateFrom, input.nominateUntil, input.voteFrom, input.voteUntil];
    if (times.some((t) => !t)) return setLocalError('请选择完整的日期和时间');
    const problem = checkWindows({ nominateFrom: new Date(input.nominateFrom), nominateUntil: new Date(input.nominateUntil), voteFrom: new Date(input.voteFrom), voteUntil: new Date(input.voteUntil) }, new Date());
    if (problem) return setLocalError(problem.message);
    setLocalError(null);
    void submit();
  }

  const toggle = (id: string) => setPicked(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  const communities = [...new Set((buildings ?? []).map((b) => b.communityName ?? ''))];
  const at = (label: string, v: { date: string; time: string }, set: (v: { date: string; time: string }) => void, id: string) => (
    <View className='row'>
      <Field label={`${label}日期`}><DatePicker id={`${id}-date`} value={v.date} onChange={(date) => set({ ...v, date })} /></Field>
      <Field label='时间'><TimePicker id={`${id}-time`} value={v.time} onChange={(time) => set({ ...v, time })} /></Field>
    </View>
  );

  return (
    <View className='card round-form'>
      <View className='card__title'>发起每月之星评选</View>
      <Field label='评选月份'>
        <View className='chips'>
          {months.map((m) => (
            <View key={m} className={m === month ? 'chip chip--on' : 'chip'} onClick={() => setMonth(m)}>{m.replace('-', '年')}月</View>
          ))}
        </View>
      </Field>
      <Field label='范围（选民与候选人所在楼栋）' hint={me.role === 'admin' ? '点社区名可选中该社区全部楼栋' : '只能选择你负责的楼栋'}>
        {buildings === null ? <View className='muted'>加载楼栋…</View> : null}
        {communities.map((name) => {
          const inCommunity = (buildings ?? []).filter((b) => (b.communityName ?? '') === name);
          return (
            <View key={name} className='chips'>
              {me.role === 'admin' ? (
                <View className='chip' onClick={() => setPicked([...new Set([...chosen, ...inCommunity.map((b) => b.id)])])}>{name || '全部'}（整个社区）</View>
              ) : null}
              {inCommunity.map((b) => (
                <View key={b.id} className={chosen.includes(b.id) ? 'chip chip--on' : 'chip'} onClick={() => toggle(b.id)}>{b.name}</View>
              ))}
            </View>
          );
        })}
      </Field>
      {at('提名开始', nominateFrom, setNominateFrom, 'nominate-from')}
      {at('提名截止', nominateUntil, setNominateUntil, 'nominate-until')}
      {at('投票开始', voteFrom, setVoteFrom, 'vote-from')}
      {at('投票截止', voteUntil, setVoteUntil, 'vote-until')}
      <View className='row'>
        <Field label='公示天数' hint='默认7天'>
          <TextInput type='number' value={noticeDays} onChange={setNoticeDays} maxlength={2} />
        </Field>
        <Field label='每人可投票数'>
          <View className='chips'>
            {Array.from({ length: VOTES_MAX - VOTES_MIN + 1 }, (_, i) => VOTES_MIN + i).map((k) => (
              <View key={k} className={k === votes ? 'chip chip--on' : 'chip'} onClick={() => setVotes(k)}>{k}票</View>
            ))}
          </View>
        </Field>
      </View>
      <View className='muted'>时间均为北京时间。投票截止后自动计票，结果经你确认后公示。</View>
      {localError ?? error ? <View className='error-box'>{localError ?? error?.message}</View> : null}
      <Btn busy={busy} onClick={create}>发起评选</Btn>
    </View>
  );
}
