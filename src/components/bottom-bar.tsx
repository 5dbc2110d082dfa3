import { View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** Primary actions live here, where a thumb reaches them; pages leave room for it (.page padding). */
export function BottomBar({ children }: { children: ReactNode }) {
  return <View className='bottom-bar'>{children}</View>;
}
