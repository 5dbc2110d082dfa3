import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { PendingCard, type Pending } from './pending-card';
import { ReviewSheet, type Decision } from './review-sheet';

/** Pending entries in the counselor's buildings, oldest first, a page at a time; one by one or several at once. */
export default function CounselorReviewPage() {
  const list = usePaged<Pending>(
    async (cursor) => {
      const r = await call('volunteer', 'pendingEntries', cursor ? { cursor } : {});
      return r.ok ? { ok: true as const, data: { items: r.data.items, nextCursor: r.data.nextCursor } } : r;
    },
    [],
  );
  const { reload } = list;
  const entries = list.items;
  const [selected, setSelected] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<{ entry: Pending; decision: Decision } | null>(null);
  usePullReload(reload);

  const bulk = useCallback(() => call('volunteer', 'bulkApprove', { ids: selected.slice(0, 50) }), [selected]);
  const bulkDone = useCallback(
    (r: { approved: string[]; skipped: unknown[] }) => {
      void Taro.showToast({ title: r.skipped.length ? `通过${r.approved.length}条，${r.skipped.length}条已被处理` : `已通过${r.approved.length}条`, icon: 'none' });
      setSelected([]);
      reload();
    },
    [reload],
  );
  const { submit, busy } = useSubmit(bulk, bulkDone);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const reviewed = useCallback(() => {
    setSelected((s) => s.filter((x) => x !== deciding?.entry.id));
    setDeciding(null);
    reload();
  }, [deciding, reload]);

  return (
    <View className='page'>
      {list.loading && entries.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={reload} /> : null}
      {!list.loading && !list.error && entries.length === 0 && !list.hasMore ? (
        <StateView icon='完' title='没有待审核的志愿时长' action={{ label: '刷新', onClick: reload }} />
      ) : null}
      {entries.length > 0 ? (
        <View>
          <View className='list-item' style={{ minHeight: '80px' }} onClick={() => setSelected(selected.length === Math.min(50, entries.length) ? [] : entries.slice(0, 50).map((e) => e.id))}>
            <View className={selected.length > 0 && selected.length === Math.min(50, entries.length) ? 'check check--on' : 'check'}>{selected.length ? '✓' : ''}</View>
            <View className='list-item__main muted'>{list.hasMore ? `已加载 ${entries.length} 条待审核` : `共 ${entries.length} 条待审核`}，最早的在前。全选（最多50条）</View>
          </View>
          {entries.map((e) => (
            <PendingCard key={e.id} entry={e} selected={selected.includes(e.id)} onToggle={toggle} onDecide={(entry, decision) => setDeciding({ entry, decision })} />
          ))}
        </View>
      ) : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <ReviewSheet key={deciding ? `${deciding.entry.id}-${deciding.decision}` : 'none'} entry={deciding?.entry ?? null} decision={deciding?.decision ?? 'approve'} onClose={() => setDeciding(null)} onDone={reviewed} />
      {selected.length > 0 ? (
        <BottomBar>
          <Btn busy={busy} onClick={() => void submit()}>批量通过（{selected.length}条，按申报时长）</Btn>
        </BottomBar>
      ) : null}
    </View>
  );
}
