import { View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A bottom sheet: forms open under the thumb instead of on a new page. Tapping the mask closes it. */
export function Sheet({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  if (!open) return null;
  return (
    <View>
      <View className='mask' onClick={onClose} />
      <View className='sheet' ariaRole='dialog' ariaLabel={title}>
        <View className='sheet__title'>{title}</View>
        {children}
      </View>
    </View>
  );
}
