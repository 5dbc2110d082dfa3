import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea } from '../../components/field';
import { Sheet } from '../../components/sheet';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { plaqueContract } from '../../shared/contract/plaque';
import { formatCst } from '../../utils/format';

type Item = OutputOf<(typeof plaqueContract)['listFeedback']>['items'][number];
type Status = Item['status'];

function CloseSheet({ item, onClose, onClosed }: { item: Item | null; onClose: () => void; onClosed: () => void }) {
  const [note, setNote] = useState('');
  const [reply, setReply] = useState('');
  const run = useCallback(
    () => call('plaque', 'closeFeedback', { id: item?.id ?? '', note: note.trim() || undefined, reply: reply.trim() || undefined }),
    [item, note, reply],
  );
  const done = useCallback(() => {
    setNote('');
    setReply('');
    void Taro.showToast({ title: '已处理', icon: 'success' });
    onClosed();
  }, [onClosed]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <Sheet open={item !== null} title='标记为已处理' onClose={onClose}>
      <View className='notice'>{item?.text}</View>
      <Field label='回复反馈人（选填）' hint={`${reply.trim().length}/200，反馈人在“我的反馈”中可见；党员本人看不到反馈和回复`}>
        <TextArea value={reply} onChange={setReply} maxlength={200} placeholder='例如：已与该党员沟通，谢谢你的监督' />
      </Field>
      <Field label='处理说明（选填）' hint={`${note.trim().length}/200，仅辅导员和管理员可见`} error={error?.message}>
        <TextArea value={note} onChange={setNote} maxlength={200} placeholder='例如：已与该党员谈话，提出改进要求' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} onClick={() => void submit()}>确认处理</Btn>
      </View>
    </Sheet>
  );
}

function FeedbackList({ status }: { status: Status }) {
  const list = usePaged<Item>(
    async (cursor) => {
      const r = await call('plaque', 'listFeedback', { status, ...(cursor ? { cursor } : {}) });
      return r.ok ? { ok: true as const, data: { items: r.data.items, nextCursor: r.data.nextCursor } } : r;
    },
    [status],
  );
  const { reload } = list;
  const [closing, setClosing] = useState<Item | null>(null);
  usePullReload(reload);
  const closed = useCallback(() => {
    setClosing(null);
    reload();
  }, [reload]);

  return (
    <View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && !list.hasMore ? (
        <StateView icon='完' title={status === 'open' ? '没有待处理的反馈' : '还没有处理过的反馈'} action={{ label: '刷新', onClick: reload }} />
      ) : null}
      {list.items.map((item) => (
        <View key={item.id} className='card'>
          <View className='card__title' style={{ marginBottom: '4px' }}>{item.memberName}</View>
          <View className='muted'>{item.roomLabel} · {formatCst(item.createdAt)}</View>
          <View className='member__pledge'>{item.text}</View>
          {item.status === 'open' ? (
            <View className='member__actions'>
              <Btn small onClick={() => setClosing(item)}>处理完毕</Btn>
            </View>
          ) : (
            <View className='muted' style={{ marginTop: '12px' }}>
              已于 {formatCst(item.closedAt)} 处理{item.note ? `：${item.note}` : ''}
              {item.reply ? <View>回复反馈人：{item.reply}</View> : null}
            </View>
          )}
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <CloseSheet item={closing} onClose={() => setClosing(null)} onClosed={closed} />
    </View>
  );
}

/** Feedback about members in the counselor's buildings; the member never sees it, the sender reads the reply. */
export default function CounselorFeedbackPage() {
  const [status, setStatus] = useState<Status>('open');
  return (
    <View className='page'>
      <View className='chips'>
        {(['open', 'closed'] as const).map((s) => (
          <View key={s} className={s === status ? 'chip chip--on' : 'chip'} onClick={() => setStatus(s)}>
            {s === 'open' ? '待处理' : '已处理'}
          </View>
        ))}
      </View>
      <FeedbackList key={status} status={status} />
    </View>
  );
}
