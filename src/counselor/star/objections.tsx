import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea } from '../../components/field';
import { Sheet } from '../../components/sheet';
import { Loading } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { formatCst } from '../../utils/format';
import { objectionLabels, type Objection } from '../../utils/star';

function AnswerSheet({ objection, onClose, onDone }: { objection: Objection | null; onClose: () => void; onDone: () => void }) {
  const [answer, setAnswer] = useState('');
  const [uphold, setUphold] = useState(false);
  const run = useCallback(() => call('star', 'answerObjection', { objectionId: objection?.id ?? '', uphold, answer }), [objection, uphold, answer]);
  const done = useCallback(() => {
    setAnswer('');
    setUphold(false);
    void Taro.showToast({ title: '已答复', icon: 'success' });
    onDone();
  }, [onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <Sheet open={objection !== null} title='答复异议' onClose={onClose}>
      <View className='notice'>{objection?.reason}</View>
      <View className='chips'>
        <View className={!uphold ? 'chip chip--on' : 'chip'} onClick={() => setUphold(false)}>异议不成立（维持结果）</View>
        <View className={uphold ? 'chip chip--on' : 'chip'} onClick={() => setUphold(true)}>异议成立（撤销，重新确认）</View>
      </View>
      {uphold ? <View className='muted'>异议成立后本轮的每月之星被撤销，回到“待公布”，由你重新确认并公示。</View> : null}
      <Field label='答复' hint={`${answer.trim().length}/300，至少5个字；提出异议的同学可以看到`} error={error?.message}>
        <TextArea value={answer} onChange={setAnswer} maxlength={300} placeholder='例如：经核实，该同学本月志愿时长记录属实' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={answer.trim().length < 5} onClick={() => void submit()}>提交答复</Btn>
      </View>
    </Sheet>
  );
}

/** The round's objections (open first), each answerable: dismiss, or uphold (the star is withdrawn). */
export function Objections({ roundId, onAnswered }: { roundId: string; onAnswered: () => void }) {
  const list = usePaged<Objection>(async (cursor) => call('star', 'objections', { roundId, ...(cursor ? { cursor } : {}) }), [roundId]);
  const [answering, setAnswering] = useState<Objection | null>(null);
  const done = useCallback(() => {
    setAnswering(null);
    list.reload();
    onAnswered();
  }, [list, onAnswered]);
  return (
    <View className='card card--list objections'>
      <View className='card__title'>异议（{list.items.filter((o) => o.status === 'open').length} 条待答复）</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <View className='field__error'>{list.error.message}</View> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <View className='muted'>公示期内没有人提出异议。</View> : null}
      {list.items.map((o) => (
        <View key={o.id} className='list-item objection'>
          <View className='list-item__main'>
            {o.reason}
            <View className='muted'>{formatCst(o.createdAt)} · {objectionLabels[o.status]}</View>
            {o.answer ? <View className='muted'>答复：{o.answer}</View> : null}
          </View>
          {o.status === 'open' ? <Btn small onClick={() => setAnswering(o)}>答复</Btn> : null}
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <AnswerSheet objection={answering} onClose={() => setAnswering(null)} onDone={done} />
    </View>
  );
}
