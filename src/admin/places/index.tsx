import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call, type Result } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { orgContract } from '../../shared/contract/org';
import { roomNumbersOf } from '../../shared/domain/org';
import { confirmDialog } from '../../utils/confirm';
import { NameSheet } from '../name-sheet';

type Building = OutputOf<typeof orgContract.buildings>['items'][number];
type Room = OutputOf<typeof orgContract.rooms>['items'][number];
type Editing = { kind: 'building'; building: Building } | { kind: 'floors'; building: Building } | { kind: 'room'; room: Room } | { kind: 'new'; communityId: string } | null;

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 });

/** The rooms of one building, a page at a time, with add by range, renumber and close / reopen. */
function Rooms({ building, onChanged }: { building: Building; onChanged: (edit: Editing) => void }) {
  const list = usePaged<Room>((cursor) => call('org', 'rooms', { buildingId: building.id, limit: 50, ...(cursor ? { cursor } : {}) }), [building.id]);
  const [floor, setFloor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const range = from ? roomNumbersOf(from, to || undefined) : null;
  const add = useCallback(() => call('org', 'addRooms', { buildingId: building.id, floor: Number(floor), from: from.trim(), ...(to.trim() ? { to: to.trim() } : {}) }), [building.id, floor, from, to]);
  const added = useCallback((r: { added: string[]; existing: string[] }) => {
    toast(r.added.length ? `已添加${r.added.length}间${r.existing.length ? `，${r.existing.length}间已存在` : ''}` : '这些房间都已存在');
    list.reload();
  }, [list]);
  const { submit, busy, error } = useSubmit(add, added, { inline: true });
  const toggle = async (room: Room) => {
    if (!room.closed && !(await confirmDialog({ title: `停用${room.number}室`, content: '停用后该房间不再出现在二维码和检查的选择中，门牌二维码也停止使用；历史记录保留，可随时重新启用。', confirmText: '停用', danger: true }))) return;
    const r = await call('org', 'setRoomClosed', { roomId: room.id, closed: !room.closed });
    if (!r.ok) toast(r.error.message);
    else list.reload();
  };
  return (
    <View>
      <View className='section-title'>添加房间（{building.name}，共{building.floors}层）</View>
      <View className='card'>
        <View className='row'>
          <Field label='楼层'><TextInput type='number' value={floor} onChange={setFloor} maxlength={2} placeholder='如 3' /></Field>
          <Field label='起始房间号'><TextInput value={from} onChange={setFrom} maxlength={9} placeholder='如 301' /></Field>
          <Field label='结束房间号'><TextInput value={to} onChange={setTo} maxlength={9} placeholder='可不填' /></Field>
        </View>
        <View className='muted'>{range ? (range.ok ? `将添加 ${range.numbers[0]}${range.numbers.length > 1 ? ` 至 ${range.numbers[range.numbers.length - 1]}，共${range.numbers.length}间` : ''}；已存在的房间号不变` : range.message) : '按范围添加一层的房间，如 301 至 330；每间自动生成门牌二维码编号。'}</View>
        {error ? <View className='field__error'>{error.message}</View> : null}
        <Btn busy={busy} disabled={!floor || !range?.ok} onClick={() => void submit()}>添加房间</Btn>
      </View>
      <View className='section-title'>房间</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && !list.hasMore ? <StateView icon='空' title='还没有房间' text='用上面的表单按楼层添加。' /> : null}
      {list.items.length > 0 ? (
        <View className='card'>
          {list.items.map((r) => (
            <View key={r.id} className='list-item'>
              <View className='list-item__main'>
                {r.number}室 {r.closed ? <View className='tag'>已停用</View> : null}
                <View className='muted'>{r.floor}层 · 二维码编号 {r.code}</View>
              </View>
              <Btn small kind='plain' onClick={() => onChanged({ kind: 'room', room: r })}>改号</Btn>
              <Btn small kind='plain' onClick={() => void toggle(r)}>{r.closed ? '启用' : '停用'}</Btn>
            </View>
          ))}
        </View>
      ) : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** Admin: buildings (add, rename, floors) and their rooms; a rename's copies are finished here when they take more than one call. */
export default function AdminPlacesPage() {
  const list = usePaged<Building>((cursor) => call('org', 'buildings', { limit: 50, ...(cursor ? { cursor } : {}) }), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [roomsKey, setRoomsKey] = useState(0);
  const selected = list.items.find((b) => b.id === selectedId) ?? list.items[0] ?? null;
  const { reload } = list;

  // A rename that left copies to update: carry them on until done (each call is bounded).
  const pending = list.items.find((b) => b.copiesPending);
  useEffect(() => {
    if (!pending) return;
    void call('org', 'syncCopies', { kind: 'building', id: pending.id }).then((r) => (r.ok ? reload() : toast(r.error.message)));
  }, [pending, reload]);

  const done = () => {
    setEditing(null);
    reload();
    setRoomsKey((k) => k + 1);
  };
  const communities = [...new Map(list.items.map((b) => [b.communityId, b.communityName])).entries()];

  return (
    <View className='page'>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={reload} /> : null}
      <View className='section-title'>楼栋</View>
      <View className='chips'>
        {list.items.map((b) => (
          <View key={b.id} className={b.id === selected?.id ? 'chip chip--on' : 'chip'} onClick={() => setSelectedId(b.id)}>{b.name}</View>
        ))}
      </View>
      {list.hasMore ? <Btn small kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多楼栋</Btn> : null}
      {selected ? (
        <View className='card'>
          <View className='card__title'>{selected.communityName} · {selected.name}</View>
          <View className='muted'>{selected.floors}层{selected.copiesPending ? ' · 正在更新各处的楼栋名称…' : ''}</View>
          <View className='sheet__actions'>
            <Btn small kind='ghost' onClick={() => setEditing({ kind: 'building', building: selected })}>改名</Btn>
            <Btn small kind='ghost' onClick={() => setEditing({ kind: 'floors', building: selected })}>改层数</Btn>
          </View>
        </View>
      ) : null}
      {communities.map(([id, name]) => (
        <Btn key={id} kind='plain' onClick={() => setEditing({ kind: 'new', communityId: id })}>在{name}新增楼栋</Btn>
      ))}
      {selected ? <Rooms key={`${selected.id}-${roomsKey}`} building={selected} onChanged={setEditing} /> : null}

      <NameSheet
        open={editing?.kind === 'building' || editing?.kind === 'new'}
        title={editing?.kind === 'new' ? '新增楼栋（6层，可再改）' : '楼栋改名'}
        label='楼栋名称'
        hint={editing?.kind === 'building' ? '党员信息、门牌等处的楼栋名称会一并更新' : undefined}
        initial={editing?.kind === 'building' ? editing.building.name : ''}
        onClose={() => setEditing(null)}
        save={async (name): Promise<Result<unknown>> => (editing?.kind === 'new' ? call('org', 'createBuilding', { communityId: editing.communityId, name, floors: 6 }) : call('org', 'updateBuilding', { buildingId: editing?.kind === 'building' ? editing.building.id : '', name }))}
        onDone={done}
      />
      <NameSheet
        open={editing?.kind === 'floors'}
        title='修改层数'
        label='层数'
        initial={editing?.kind === 'floors' ? String(editing.building.floors) : ''}
        onClose={() => setEditing(null)}
        save={(text) => call('org', 'updateBuilding', { buildingId: editing?.kind === 'floors' ? editing.building.id : '', floors: Number(text) })}
        onDone={done}
      />
      <NameSheet
        open={editing?.kind === 'room'}
        title='房间改号'
        label='房间号'
        hint='门牌二维码不变，门牌上显示的房间号和住户信息一并更新'
        initial={editing?.kind === 'room' ? editing.room.number : ''}
        onClose={() => setEditing(null)}
        save={(number) => call('org', 'renameRoom', { roomId: editing?.kind === 'room' ? editing.room.id : '', number })}
        onDone={done}
      />
    </View>
  );
}
