import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call, type Result } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { orgContract } from '../../shared/contract/org';
import { confirmDialog } from '../../utils/confirm';
import { BuildingChips } from '../building-chips';
import { NameSheet } from '../name-sheet';

type Branch = OutputOf<typeof orgContract.branches>['items'][number];
type Group = OutputOf<typeof orgContract.groups>['items'][number];
type Editing = { kind: 'newBranch' } | { kind: 'branch'; branch: Branch } | { kind: 'group'; group: Group } | null;

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 });

async function closeOne(kind: 'branch' | 'group', id: string, name: string, after: () => void) {
  if (!(await confirmDialog({ title: `撤销${name}`, content: '撤销后不再出现在选择中，历史记录保留。需先把党员转出。', confirmText: '撤销', danger: true }))) return;
  const r = kind === 'branch' ? await call('org', 'closeBranch', { branchId: id }) : await call('org', 'closeGroup', { groupId: id });
  if (!r.ok) toast(r.error.message);
  else after();
}

/** A branch's groups by floor, with a form to add one. */
function Groups({ branch, onEdit }: { branch: Branch; onEdit: (e: Editing) => void }) {
  const list = usePaged<Group>((cursor) => call('org', 'groups', { branchId: branch.id, limit: 50, ...(cursor ? { cursor } : {}) }), [branch.id]);
  const [floor, setFloor] = useState('');
  const [name, setName] = useState('');
  const add = useCallback(() => call('org', 'createGroup', { branchId: branch.id, floor: Number(floor), name: name.trim() }), [branch.id, floor, name]);
  const { submit, busy, error } = useSubmit(add, () => {
    setName('');
    list.reload();
  }, { inline: true });
  return (
    <View>
      <View className='section-title'>{branch.name} 的党小组</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {list.items.length > 0 ? (
        <View className='card'>
          {list.items.map((g) => (
            <View key={g.id} className='list-item'>
              <View className='list-item__main'>
                {g.name} {g.closed ? <View className='tag'>已撤销</View> : null}
                <View className='muted'>{g.floor}层</View>
              </View>
              {!g.closed ? <Btn small kind='plain' onClick={() => onEdit({ kind: 'group', group: g })}>改名</Btn> : null}
              {!g.closed ? <Btn small kind='plain' onClick={() => void closeOne('group', g.id, g.name, list.reload)}>撤销</Btn> : null}
            </View>
          ))}
        </View>
      ) : !list.loading && !list.error ? <StateView icon='空' title='还没有党小组' text='按楼层添加。' /> : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      {!branch.closed ? (
        <View className='card'>
          <View className='row'>
            <Field label='楼层'><TextInput type='number' value={floor} onChange={setFloor} maxlength={2} placeholder='如 3' /></Field>
            <Field label='党小组名称'><TextInput value={name} onChange={setName} maxlength={30} placeholder='如 三层党小组' /></Field>
          </View>
          {error ? <View className='field__error'>{error.message}</View> : null}
          <Btn busy={busy} disabled={!floor || !name.trim()} onClick={() => void submit()}>添加党小组</Btn>
        </View>
      ) : null}
    </View>
  );
}

/** Admin: a building's branches (支部) and each branch's groups (党小组): add, rename (members' copies follow), close. */
export default function AdminBranchesPage() {
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [branchId, setBranchId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [groupsKey, setGroupsKey] = useState(0);
  const list = usePaged<Branch>(
    async (cursor) => (buildingId ? call('org', 'branches', { buildingId, limit: 50, ...(cursor ? { cursor } : {}) }) : { ok: true as const, data: { items: [], nextCursor: null } }),
    [buildingId],
  );
  const branch = list.items.find((b) => b.id === branchId) ?? null;
  const done = (r: unknown) => {
    setEditing(null);
    list.reload();
    setGroupsKey((k) => k + 1);
    if ((r as { copiesPending?: boolean }).copiesPending) toast('党员信息中的名称正在更新，稍后刷新查看');
  };
  const save = async (name: string): Promise<Result<unknown>> => {
    if (editing?.kind === 'newBranch') return call('org', 'createBranch', { buildingId: buildingId ?? '', name });
    if (editing?.kind === 'branch') return call('org', 'renameBranch', { branchId: editing.branch.id, name });
    return call('org', 'renameGroup', { groupId: editing?.kind === 'group' ? editing.group.id : '', name });
  };

  return (
    <View className='page'>
      <View className='section-title'>选择楼栋</View>
      <BuildingChips selected={buildingId ? [buildingId] : []} onToggle={(id) => { setBuildingId(id); setBranchId(null); }} />
      {buildingId ? (
        <View>
          <View className='section-title'>支部</View>
          {list.loading && list.items.length === 0 ? <Loading /> : null}
          {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
          {list.items.length > 0 ? (
            <View className='card'>
              {list.items.map((b) => (
                <View key={b.id} className='list-item'>
                  <View className='list-item__main' onClick={() => setBranchId(b.id)}>
                    {b.name} {b.closed ? <View className='tag'>已撤销</View> : null}
                    <View className='muted'>{b.id === branchId ? '党小组见下方' : '点按查看党小组'}</View>
                  </View>
                  {!b.closed ? <Btn small kind='plain' onClick={() => setEditing({ kind: 'branch', branch: b })}>改名</Btn> : null}
                  {!b.closed ? <Btn small kind='plain' onClick={() => void closeOne('branch', b.id, b.name, list.reload)}>撤销</Btn> : null}
                </View>
              ))}
            </View>
          ) : !list.loading && !list.error ? <StateView icon='空' title='这栋楼还没有支部' /> : null}
          {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
          <Btn kind='ghost' onClick={() => setEditing({ kind: 'newBranch' })}>新增支部</Btn>
          {branch ? <Groups key={`${branch.id}-${groupsKey}`} branch={branch} onEdit={setEditing} /> : null}
        </View>
      ) : <StateView icon='楼' title='先选择一栋楼' text='支部按楼栋设立，党小组按楼层设立。' />}
      <NameSheet
        open={editing !== null}
        title={editing?.kind === 'newBranch' ? '新增支部' : editing?.kind === 'branch' ? '支部改名' : '党小组改名'}
        label='名称'
        hint={editing?.kind === 'newBranch' ? undefined : '党员信息和门牌上的名称会一并更新'}
        initial={editing?.kind === 'branch' ? editing.branch.name : editing?.kind === 'group' ? editing.group.name : ''}
        onClose={() => setEditing(null)}
        save={save}
        onDone={done}
      />
    </View>
  );
}
