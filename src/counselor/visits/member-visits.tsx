import { View } from '@tarojs/components';
import { useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { DatePicker } from '../../components/pickers';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { Visit } from '../../shared/contract/checkin-visits';
import { makeUpDateProblem, makeUpDateRange, VISIT_TOPICS, visitStateLabels, visitTopicLabels, type VisitTopic } from '../../shared/domain/visits';
import { formatCst } from '../../utils/format';

/**
 * One member's visits for their counselor: a correction (确认有效 / 作废) or a make-up (补录) for the
 * linked room, each with a reason. Both add records; the visit as recorded stays.
 */
export function MemberVisits({ memberId, memberName, roomId, roomNumber, onChanged }: { memberId: string; memberName: string; roomId: string; roomNumber: string; onChanged: () => void }) {
  const list = usePaged<Visit>((cursor) => call('checkin', 'memberVisits', { memberId, cursor }), [memberId]);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [topic, setTopic] = useState<VisitTopic>('life');
  // The picker's bounds and the check before sending are the server's rule (makeUpDateProblem).
  const range = makeUpDateRange(new Date());
  const [date, setDate] = useState(range.end);
  const dateProblem = makeUpDateProblem(date, new Date());
  const done = () => {
    setReason('');
    setNote('');
    list.reload();
    onChanged();
  };
  const correct = useSubmit((id: string, state: 'confirmed' | 'void') => call('checkin', 'correctVisit', { id, state, reason }), done);
  const makeUp = useSubmit(() => call('checkin', 'makeUpVisit', { memberId, roomId, date, topic, note, reason }), done);

  return (
    <View className='card'>
      <View className='card__title'>{memberName} 的走访</View>
      <Field label='原因（更正或补录都需要写明）'>
        <TextInput value={reason} onChange={setReason} maxlength={200} placeholder='例如：已当面向寝室同学核实' />
      </Field>
      {list.items.map((v) => (
        <View key={v.id} className='list-item' style={{ display: 'block', padding: '12px 8px' }}>
          <View>{v.roomNumber}室 · {visitTopicLabels[v.topic]} · {visitStateLabels[v.state]}{v.makeUp ? ' · 补录' : ''}</View>
          <View className='muted'>{formatCst(v.at)} · {v.note}</View>
          {v.correction ? <View className='muted'>已更正：{visitStateLabels[v.correction.state]}（{v.correction.reason}）</View> : null}
          <View className='row' style={{ marginTop: '8px' }}>
            {v.state !== 'confirmed' ? <Btn small kind='ghost' busy={correct.busy} onClick={() => void correct.submit(v.id, 'confirmed')}>确认有效</Btn> : null}
            {v.state !== 'void' ? <Btn small kind='plain' busy={correct.busy} onClick={() => void correct.submit(v.id, 'void')}>作废</Btn> : null}
          </View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='ghost' small busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <View className='section-title'>补录对 {roomNumber} 室的走访</View>
      <Field label='走访日期' hint={`可选 ${range.start} 至今天`} error={dateProblem}>
        <DatePicker id='make-up-date' value={date} start={range.start} end={range.end} onChange={setDate} />
      </Field>
      <View className='chips'>
        {VISIT_TOPICS.map((t) => (
          <View key={t} className={t === topic ? 'chip chip--on' : 'chip'} onClick={() => setTopic(t)}>{visitTopicLabels[t]}</View>
        ))}
      </View>
      <Field label='走访内容'>
        <TextInput value={note} onChange={setNote} maxlength={200} placeholder='走访时谈了什么' />
      </Field>
      <Btn kind='ghost' busy={makeUp.busy} disabled={!!dateProblem} onClick={() => void makeUp.submit()}>补录走访</Btn>
    </View>
  );
}
