import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { StateView } from '../../components/state-view';
import { QrMatrix } from '../../counselor/activity/qr-matrix';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';

/** Each code is accepted for 30 s: the display asks for a fresh one every 20 s. */
export const STATION_REFRESH_MS = 20_000;

function keyOf(raw: string | undefined): string {
  if (!raw) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * 服务站值班码: the screen at a service station (a tablet or an old phone), opened with the station's
 * key that an admin issued (`?key=`). It shows a QR that changes every 20 s; members on duty scan
 * it from “我的值班” to check in and out. Without a valid key it shows nothing but how to get one.
 */
export default function StationDisplayPage() {
  const key = keyOf(useRouter().params.key);
  const { remote, reload } = useRemote(() => call('checkin', 'stationCode', { key }), [key]);
  useEffect(() => {
    if (!key) return undefined;
    const timer = setInterval(reload, STATION_REFRESH_MS);
    return () => clearInterval(timer);
  }, [key, reload]);

  if (!key) return <View className='page'><StateView icon='钥' title='缺少服务站密钥' text='请管理员在“值班管理”中发放展示密钥，并用带密钥的链接打开本页' /></View>;
  if (remote.status === 'loading') return <View className='page'><View className='skeleton' /></View>;
  if (remote.status === 'error') {
    return (
      <View className='page'>
        <StateView title={remote.code === 'STATION_KEY_INVALID' ? '密钥无效' : '获取值班码失败'} text={remote.message} action={{ label: '重试', onClick: reload }} />
      </View>
    );
  }
  return (
    <View className='page'>
      <View className='card'>
        <View className='card__title station-name'>{remote.data.stationName}</View>
        <View className='muted'>{remote.data.place}</View>
        <QrMatrix text={remote.data.code} />
        <View className='big-code station-code'>{remote.data.code}</View>
        <View className='muted' style={{ textAlign: 'center' }}>值班党员请在“我的值班”中扫码签到、签退。二维码每20秒更新，截图转发无效。</View>
      </View>
    </View>
  );
}
