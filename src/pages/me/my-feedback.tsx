import { View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { plaqueContract } from '../../shared/contract/plaque';
import { formatCst } from '../../utils/format';

type Item = OutputOf<(typeof plaqueContract)['myFeedback']>['items'][number];
const PAGE = 5;

/**
 * 我的反馈: what this student sent, whether a counselor has dealt with it, and their reply. Only the
 * sender sees this; the member it is about never learns who wrote it.
 */
export function MyFeedback() {
  const [items, setItems] = useState<Item[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [message, setMessage] = useState('');

  const load = useCallback(async (cursor?: string) => {
    setState('loading');
    const reply = await call('plaque', 'myFeedback', cursor ? { cursor, limit: PAGE } : { limit: PAGE });
    if (!reply.ok) {
      setMessage(reply.error.message);
      return setState('error');
    }
    setItems((prev) => (cursor ? [...prev, ...reply.data.items] : reply.data.items));
    setNext(reply.data.nextCursor);
    setState('ready');
  }, []);
  useEffect(() => void load(), [load]);

  if (state === 'ready' && items.length === 0) return null;
  return (
    <View className='card' ariaLabel='我的反馈'>
      <View className='card__title'>我的反馈</View>
      {items.map((f) => (
        <View key={f.id} className='list-item' style={{ display: 'block' }}>
          <View>
            关于 {f.memberName} <View className={f.status === 'closed' ? 'tag tag--badge' : 'tag'} style={{ display: 'inline-block' }}>{f.status === 'closed' ? '已处理' : '待处理'}</View>
          </View>
          <View className='muted'>{formatCst(f.createdAt)} · {f.text}</View>
          {f.status === 'closed' ? (
            <View className='notice' style={{ marginTop: '8px', marginBottom: 0 }}>
              辅导员回复：{f.reply ?? '已处理，未附回复'}
              <View className='muted'>{formatCst(f.closedAt)}</View>
            </View>
          ) : (
            <View className='muted'>辅导员处理后会在这里回复</View>
          )}
        </View>
      ))}
      {state === 'error' ? (
        <View className='muted'>
          {message} <Btn kind='plain' small onClick={() => void load(next ?? undefined)}>重试</Btn>
        </View>
      ) : null}
      {state === 'loading' ? <View className='muted'>加载中…</View> : null}
      {state === 'ready' && next ? <Btn kind='ghost' small onClick={() => void load(next)}>查看更早的反馈</Btn> : null}
    </View>
  );
}
