import { View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { call } from '../../services/cloud';
import type { Visit } from '../../shared/contract/checkin-visits';
import { visitTopicLabels } from '../../shared/domain/visits';
import { formatCst } from '../../utils/format';

/**
 * 待确认的走访: visits to the caller's own room in the last 72 hours. A resident says whether the
 * visit happened; the first answer from the room stands. Hidden when there is nothing to answer.
 */
export function PendingVisits() {
  const [items, setItems] = useState<Visit[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    const reply = await call('checkin', 'pendingVisits', { limit: 10 });
    if (reply.ok) setItems(reply.data.items);
  }, []);
  useEffect(() => void load(), [load]);

  async function answer(id: string, happened: boolean) {
    setBusy(id);
    const reply = await call('checkin', 'answerVisit', { id, happened });
    setBusy(null);
    setMessage(reply.ok ? (reply.data.state === 'confirmed' ? '已确认，谢谢' : '已记录：这次走访没有发生') : reply.error.message);
    void load();
  }

  if (items.length === 0 && !message) return null;
  return (
    <View className='card' ariaLabel='待确认的走访'>
      <View className='card__title'>待确认的走访</View>
      {message ? <View className='notice'>{message}</View> : null}
      {items.map((v) => (
        <View key={v.id} className='list-item' style={{ display: 'block', padding: '12px 8px' }}>
          <View>{v.memberName} 走访了本寝室 · {visitTopicLabels[v.topic]}</View>
          <View className='muted'>{formatCst(v.at)} · {v.note}</View>
          <View className='muted'>请在 {formatCst(v.deadline)} 前回复</View>
          <View className='row' style={{ marginTop: '8px' }}>
            <Btn small busy={busy === v.id} onClick={() => void answer(v.id, true)}>确认走访</Btn>
            <Btn small kind='ghost' busy={busy === v.id} onClick={() => void answer(v.id, false)}>没有这次走访</Btn>
          </View>
        </View>
      ))}
    </View>
  );
}
