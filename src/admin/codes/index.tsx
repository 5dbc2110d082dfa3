import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../components/btn';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { plaqueContract } from '../../shared/contract/plaque';
import { groupedPlaqueCode } from '../../shared/domain/plaque-print';
import { confirmDialog } from '../../utils/confirm';
import { formatDate } from '../../utils/format';
import { BuildingChips } from '../building-chips';
import { PrintPanel } from './print-panel';
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

function Rooms({ buildingId, buildingName }: { buildingId: string; buildingName: string }) {
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
      <PrintPanel buildingId={buildingId} buildingName={buildingName} canReissue onReissued={reload} />
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
                {room.number}室 <View className='muted code'>{groupedPlaqueCode(room.code)} · {formatDate(room.codeIssuedAt)}</View>
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

/**
 * Admin: a building's door cards to print (PDF), each room's plaque code and its QR, retiring one
 * room's code or the whole building's for new ones.
 */
export default function AdminCodesPage() {
  const [building, setBuilding] = useState<{ id: string; name: string } | null>(null);
  const buildingId = building?.id ?? null;
  return (
    <View className='page'>
      <View className='section-title'>选择楼栋</View>
      <BuildingChips selected={buildingId ? [buildingId] : []} onToggle={(id, name) => setBuilding({ id, name })} />
      {building ? <Rooms key={building.id} buildingId={building.id} buildingName={building.name} /> : <View className='muted' style={{ margin: '24px 8px' }}>选择楼栋后显示寝室和门牌编号。</View>}
    </View>
  );
}
