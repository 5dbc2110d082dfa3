import { View } from '@tarojs/components';
import type { ReactNode } from 'react';

export interface BtnProps {
  kind?: 'primary' | 'ghost' | 'plain';
  small?: boolean;
  disabled?: boolean;
  /** Shows "请稍候…" and ignores taps while an action runs. */
  busy?: boolean;
  onClick?: () => void;
  children: ReactNode;
}

/** A big, thumb-sized button. Taro's Button is kept for WeChat open-types only (its default styles fight ours). */
export function Btn({ kind = 'primary', small, disabled, busy, onClick, children }: BtnProps) {
  const inactive = disabled || busy;
  const className = ['btn', `btn--${kind}`, small ? 'btn--small' : '', inactive ? 'btn--disabled' : ''].filter(Boolean).join(' ');
  return (
    <View className={className} hoverClass={inactive ? 'none' : 'btn--hover'} ariaRole='button' onClick={inactive ? undefined : onClick}>
      {busy ? '请稍候…' : children}
    </View>
  );
}
