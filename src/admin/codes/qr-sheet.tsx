import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Sheet } from '../../components/sheet';
import { RemoteView } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';

export interface RoomRef {
  id: string;
  number: string;
}

function QrBody({ room }: { room: RoomRef }) {
  const { remote, reload } = useRemote(() => call('plaque', 'qrCode', { roomId: room.id }), [room.id]);
  return (
    <RemoteView remote={remote} onRetry={reload}>
      {({ code, pngBase64 }) => {
        const src = `data:image/png;base64,${pngBase64}`;
        return (
          <View>
            <Image className='qr' src={src} mode='aspectFit' showMenuByLongpress onClick={() => void Taro.previewImage({ urls: [src] }).catch(() => undefined)} />
            <View className='big-code'>{code}</View>
            <View className='muted' style={{ textAlign: 'center' }}>打印后贴在 {room.number} 室门上。长按图片可保存。</View>
          </View>
        );
      }}
    </RemoteView>
  );
}

/** The mini-program code for one room's plaque (wxacode.getUnlimited with scene = the room code). */
export function QrSheet({ room, onClose }: { room: RoomRef | null; onClose: () => void }) {
  return (
    <Sheet open={room !== null} title={`${room?.number ?? ''}室 门牌二维码`} onClose={onClose}>
      {room ? <QrBody room={room} /> : null}
    </Sheet>
  );
}
