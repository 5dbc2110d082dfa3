import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import { entryStatusLabels, type Entry } from '../../shared/contract/volunteer';
import { confirmDialog } from '../../utils/confirm';
import { go, routes } from '../../utils/routes';
import { EntryCard } from './entry-card';
import { DevOutbox } from './outbox';
import { ProgressCard } from './progress-card';

async function withdraw(entry: Entry, reload: () => void) {
  const ok = await confirmDialog({ title: '撤回这条登记？', content: `“${entry.title}”将不再等待审核，撤回后可重新登记。`, confirmText: '撤回' });
  if (!ok) return;
  const result = await call('volunteer', 'withdraw', { id: entry.id });
  void Taro.showToast({ title: result.ok ? entryStatusLabels.withdrawn : result.error.message, icon: result.ok ? 'success' : 'none' });
  reload();
}

/** 志愿服务时长: my progress (this term, overall, the 50-hour rule) and my entries. */
export default function MemberHoursPage() {
  const progress = useRemote(() => call('volunteer', 'myProgress', {}), []);
  const entries = usePaged<Entry>(
    async (cursor) => {
      const r = await call('volunteer', 'myEntries', cursor ? { cursor } : {});
      return r.ok ? { ok: true as const, data: { items: r.data.items, nextCursor: r.data.nextCursor } } : r;
    },
    [],
  );
  const [refresh, setRefresh] = useState(0);
  const reloadAll = () => {
    progress.reload();
    entries.reload();
    setRefresh((n) => n + 1);
  };
  usePullReload(reloadAll);
  // Back from the log page: show what was just submitted.
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) return void (firstShow.current = false);
    reloadAll();
  });

  return (
    <View className='page'>
      <RemoteView remote={progress.remote} onRetry={progress.reload}>
        {(p) => <ProgressCard progress={p} />}
      </RemoteView>
      <View className='section-title'>我的登记</View>
      {entries.loading && entries.items.length === 0 ? <Loading /> : null}
      {entries.error ? <ErrorState message={entries.error.message} onRetry={entries.reload} /> : null}
      {!entries.loading && !entries.error && entries.items.length === 0 && !entries.hasMore ? (
        <StateView icon='空' title='还没有登记过志愿服务' text='参加志愿服务后，在这里登记时长，辅导员审核后计入。' action={{ label: '登记一条', onClick: () => go(routes.memberLog()) }} />
      ) : null}
      {entries.items.map((e) => <EntryCard key={e.id} entry={e} onWithdraw={(x) => void withdraw(x, reloadAll)} onEdit={(x) => go(routes.memberLog(x.id))} />)}
      {entries.hasMore ? <Btn kind='plain' busy={entries.loadingMore} onClick={entries.loadMore}>加载更多</Btn> : null}
      {process.env.TARO_ENV === 'h5' ? <DevOutbox refresh={refresh} /> : null}
      <BottomBar>
        <Btn kind='ghost' onClick={() => go(routes.memberScan())}>扫码签到</Btn>
        <Btn onClick={() => go(routes.memberLog())}>登记志愿服务</Btn>
      </BottomBar>
    </View>
  );
}
