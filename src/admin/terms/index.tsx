import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { DatePicker } from '../../components/pickers';
import { ErrorState, Loading } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { defaultPeriodsOf, validateCalendar, type TermPeriod } from '../../shared/domain/term-calendar';
import { formatDate } from '../../utils/format';

/** The school year after the last term's, as the default rule would have it: a starting point to edit. */
function nextYearOf(terms: TermPeriod[]): TermPeriod[] {
  const last = terms[terms.length - 1];
  const year = last ? Number(last.key.slice(0, 4)) + 1 : new Date().getFullYear();
  return defaultPeriodsOf(year);
}

/** Admin: the term calendar (学期): keys, names and dates; checked here and on the server by the same rule. */
export default function AdminTermsPage() {
  const { remote, reload } = useRemote(() => call('org', 'termCalendar', {}), []);
  const [terms, setTerms] = useState<TermPeriod[]>([]);
  useEffect(() => {
    if (remote.status === 'ok') setTerms(remote.data.terms);
  }, [remote]);
  const checked = validateCalendar(terms);
  const change = (i: number, patch: Partial<TermPeriod>) => setTerms((ts) => ts.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const run = useCallback(() => call('org', 'saveTermCalendar', { terms }), [terms]);
  const { submit, busy, error } = useSubmit(run, () => {
    void Taro.showToast({ title: '已保存', icon: 'success' });
    reload();
  }, { inline: true });

  if (remote.status === 'loading') return <Loading />;
  if (remote.status === 'error') return <ErrorState message={remote.message} onRetry={reload} />;
  return (
    <View className='page'>
      <View className='card'>
        <View className='card__title'>当前学期：{remote.data.current.label}</View>
        <View className='muted'>{formatDate(remote.data.current.start)} 至 {formatDate(new Date(new Date(remote.data.current.end).getTime() - 1).toISOString())}</View>
        <View className='muted'>{remote.data.stored ? '按学校设置的校历计算。' : '尚未设置校历：按默认规则（8月1日起为第一学期，2月1日起为第二学期）。下面是默认规则下本学年的学期，可修改后保存。'}</View>
      </View>
      <View className='notice'>“本学期志愿时长”等统计按这里的学期计算。同一学年内两个学期需首尾相接；暑假不在任何学期内时，计入下一学期。保存后一分钟内各处生效。</View>
      {terms.map((t, i) => (
        <View key={i} className='card'>
          <View className='row'>
            <Field label='学期编号'><TextInput value={t.key} onChange={(v) => change(i, { key: v })} maxlength={11} placeholder='2026-2027-1' /></Field>
            <Field label='名称'><TextInput value={t.label} onChange={(v) => change(i, { label: v })} maxlength={40} /></Field>
          </View>
          <View className='row'>
            <Field label='开始日期'><DatePicker value={t.start} onChange={(v) => change(i, { start: v })} /></Field>
            <Field label='结束日期（含）'><DatePicker value={t.end} onChange={(v) => change(i, { end: v })} /></Field>
          </View>
          <Btn small kind='plain' onClick={() => setTerms((ts) => ts.filter((_, j) => j !== i))}>删除此学期</Btn>
        </View>
      ))}
      <Btn kind='ghost' onClick={() => setTerms((ts) => [...ts, ...nextYearOf(ts)])}>添加下一学年</Btn>
      {!checked.ok ? <View className='field__error'>{checked.problem.message}</View> : null}
      {error ? <View className='field__error'>{error.message}</View> : null}
      <BottomBar>
        <Btn busy={busy} disabled={!checked.ok} onClick={() => void submit()}>{terms.length ? '保存校历' : '恢复默认规则'}</Btn>
      </BottomBar>
    </View>
  );
}
