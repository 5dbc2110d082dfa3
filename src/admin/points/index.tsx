import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { ErrorState, Loading } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { PointRuleSchema } from '../../shared/contract/develop-eligibility';
import { POINT_KINDS, pointKindLabels, type PointKind, type PointRule } from '../../shared/domain/points';

type Draft = Record<PointKind, { on: boolean; points: string; cap: string }>;

const toDraft = (rules: PointRule[]): Draft =>
  Object.fromEntries(POINT_KINDS.map((k) => {
    const r = rules.find((x) => x.kind === k);
    return [k, { on: !!r, points: r ? String(r.points) : '0', cap: r?.capPerTerm ? String(r.capPerTerm) : '' }];
  })) as Draft;
const fromDraft = (d: Draft) =>
  POINT_KINDS.filter((k) => d[k].on).map((k) => ({ kind: k, points: Number(d[k].points), capPerTerm: d[k].cap.trim() === '' ? null : Number(d[k].cap) }));

/** An admin sets the school's points rules (per unit, with an optional cap per term). Audited by the server. */
export default function AdminPointsPage() {
  const { remote, reload } = useRemote(() => call('develop', 'pointRules', {}), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (remote.status === 'ok') setDraft(toDraft(remote.data.rules));
  }, [remote]);
  const rules = draft ? fromDraft(draft) : [];
  const problem = rules.map((r) => PointRuleSchema.safeParse(r)).find((r) => !r.success);
  const run = useCallback(() => call('develop', 'setPointRules', { rules }), [rules]);
  const done = useCallback(() => void Taro.showToast({ title: '已保存', icon: 'success' }), []);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  const set = (k: PointKind, change: Partial<Draft[PointKind]>) => setDraft((d) => (d ? { ...d, [k]: { ...d[k], ...change } } : d));

  if (remote.status === 'loading' || !draft) return <View className='page'>{remote.status === 'error' ? <ErrorState message={remote.message} onRetry={reload} /> : <Loading />}</View>;
  return (
    <View className='page'>
      <View className='card'>
        <View className='muted'>发展积分是支部的参考，不自动决定发展或转正。点选一项启用或停用；上限为每学期本项最多计入的分数（留空为不设上限）。</View>
        {POINT_KINDS.map((k) => (
          <View key={k} className='list-item'>
            <View className='list-item__main'>
              <View className={draft[k].on ? 'chip chip--on' : 'chip'} onClick={() => set(k, { on: !draft[k].on })}>{pointKindLabels[k]}</View>
              {draft[k].on ? (
                <View>
                  <Field label='分值（扣分填负数）'><TextInput type='text' value={draft[k].points} onChange={(points) => set(k, { points })} maxlength={4} placeholder='例如 1' /></Field>
                  <Field label='每学期上限'><TextInput type='number' value={draft[k].cap} onChange={(cap) => set(k, { cap })} maxlength={4} placeholder='留空为不设上限' /></Field>
                </View>
              ) : null}
            </View>
          </View>
        ))}
      </View>
      {error || problem ? <View className='field__error'>{error?.message ?? (problem && !problem.success ? problem.error.issues[0].message : '')}</View> : null}
      <Btn busy={busy} disabled={!!problem} onClick={() => void submit()}>保存积分规则</Btn>
    </View>
  );
}
