import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../components/btn';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { plaqueContract } from '../../shared/contract/plaque';
import { confirmDialog } from '../../utils/confirm';
import { formatDate } from '../../utils/format';
import { BuildingChips } from '../building-chips';
import { QrSheet, type RoomRef } from './qr-sheet';

async function reissue(room: RoomRef, reload: () => void) {
  const confirmed = await confirmDialog({
    title: `停用 ${room.number} 室的二维码？`,
    content: '旧二维码会立即失效，扫描旧码的同学会看到“已停用”。需要打印新二维码贴到门上。',
    confirmText: '停用重发',
    danger: true,
  });
  if (!confirmed) return;
  const result = await call('plaque', 'issueCode', { roomId: room.id });
  void Taro.showToast({ title: result.ok ? `新编号 ${result.data.code}` : result.error.message, icon: 'none', duration: 3000 });
  if (result.ok) reload();
}

type Room = OutputOf<(typeof plaqueContract)['rooms']>['items'][number];

function Rooms({ buildingId }: { buildingId: string }) {
  // A big building has over a thousand rooms: a page of them at a time, in floor order.
  const list = usePaged<Room>(
    async (cursor) => {
      const r = await call('plaque', 'rooms', { buildingId, limit: 50, ...(cursor ? { cursor } : {}) });
      return r.ok ? { ok: true as const, data: { items: r.data.items, nextCursor: r.data.nextCursor } } : r;
    },
    [buildingId],
  );
  const { reload, items: rooms } = list;
  const [qrFor, setQrFor] = useState<RoomRef | null>(null);
  return (
    <View>
      {list.loading && rooms.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={reload} /> : null}
      {!list.loading && !list.error && rooms.length === 0 && !list.hasMore ? (
        <StateView icon='空' title='这栋楼还没有寝室' action={{ label: '刷新', onClick: reload }} />
      ) : null}
      {[...new Set(rooms.map((r) => r.floor))].sort((a, b) => a - b).map((floor) => (
        <View key={floor} className='floor'>
          <View className='floor__title'>{floor}层</View>
          <View className='card'>
          {rooms.filter((r) => r.floor === floor).map((room) => (
            <View key={room.id} className='list-item'>
              <View className='list-item__main'>
                {room.number}室 <View className='muted code'>{room.code} · {formatDate(room.codeIssuedAt)}</View>
              </View>
              <Btn small kind='ghost' onClick={() => setQrFor(room)}>二维码</Btn>
              <View style={{ width: '8px' }} />
              <Btn small kind='plain' onClick={() => void reissue(room, reload)}>重发</Btn>
            </View>
          ))}
          </View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <QrSheet room={qrFor} onClose={() => setQrFor(null)} />
    </View>
  );
}

/** Admin: each room's plaque code, its printable QR, and retiring a code for a new one. */
export default function AdminCodesPage() {
  const [buildingId, setBuildingId] = useState<string | null>(null);
  return (
    <View className='page'>
      <View className='section-title'>选择楼栋</View>
      <BuildingChips selected={buildingId ? [buildingId] : []} onToggle={setBuildingId} />
      {buildingId ? <Rooms key={buildingId} buildingId={buildingId} /> : <View className='muted' style={{ margin: '24px 8px' }}>选择楼栋后显示寝室和门牌编号。</View>}
    </View>
  );
}
