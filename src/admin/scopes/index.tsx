import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { Sheet } from '../../components/sheet';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { orgContract } from '../../shared/contract/org';
import { BuildingChips } from '../building-chips';

type Counselor = OutputOf<typeof orgContract.counselors>['items'][number];

function ScopeSheet({ counselor, onClose, onDone }: { counselor: Counselor | null; onClose: () => void; onDone: () => void }) {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => setIds(counselor?.buildings.map((b) => b.id) ?? []), [counselor]);
  const toggle = (id: string) => setIds((xs) => (xs.includes(id) ? xs.filter((x) => x !== id) : [...xs, id]));
  const run = useCallback(() => call('org', 'setCounselorBuildings', { userId: counselor?.id ?? '', buildingIds: ids }), [counselor, ids]);
  const { submit, busy, error } = useSubmit(run, () => {
    void Taro.showToast({ title: '已保存', icon: 'success' });
    onDone();
  }, { inline: true });
  return (
    <Sheet open={counselor !== null} title={`${counselor?.name ?? '辅导员'}负责的楼栋`} onClose={onClose}>
      <View className='notice'>保存后，该辅导员下一次操作起即按新的楼栋范围审核、检查和查看；操作会记入审计日志。</View>
      <BuildingChips selected={ids} onToggle={toggle} />
      {error ? <View className='field__error'>{error.message}</View> : null}
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} onClick={() => void submit()}>保存</Btn>
      </View>
    </Sheet>
  );
}

/** Admin: which buildings each counselor covers. */
export default function AdminScopesPage() {
  const list = usePaged<Counselor>((cursor) => call('org', 'counselors', { limit: 50, ...(cursor ? { cursor } : {}) }), []);
  const [editing, setEditing] = useState<Counselor | null>(null);
  const { reload } = list;
  return (
    <View className='page'>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && !list.hasMore ? <StateView icon='空' title='还没有辅导员' text='在“辅导员邀请”生成邀请码，辅导员使用后出现在这里。' /> : null}
      {list.items.length > 0 ? (
        <View className='card'>
          {list.items.map((c) => (
            <View key={c.id} className='list-item'>
              <View className='list-item__main'>
                {c.name ?? '（未填姓名）'}
                <View className='muted'>{c.buildings.length ? c.buildings.map((b) => b.name).join('、') : '未分配楼栋'}</View>
              </View>
              <Btn small kind='plain' onClick={() => setEditing(c)}>设置楼栋</Btn>
            </View>
          ))}
        </View>
      ) : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <ScopeSheet counselor={editing} onClose={() => setEditing(null)} onDone={() => { setEditing(null); reload(); }} />
    </View>
  );
}
