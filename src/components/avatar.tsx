import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

/** A member's photo, or the first character of their name when there is none. */
export function Avatar({ name, url, size = 112 }: { name: string; url?: string | null; size?: number }) {
  // Inline styles skip the px transform, so convert design px here.
  const box = { width: Taro.pxTransform(size), height: Taro.pxTransform(size), fontSize: Taro.pxTransform(Math.round(size * 0.42)) };
  if (url) return <Image className='avatar' src={url} mode='aspectFill' style={box} ariaLabel={`${name}的照片`} />;
  return <View className='avatar' style={box}>{name.trim().slice(0, 1) || '?'}</View>;
}
