import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import type { Remote } from '../hooks/use-remote';
import { routes } from '../utils/routes';
import { Btn } from './btn';

export function Loading() {
  return (
    <View ariaLabel='加载中'>
      <View className='skeleton' />
      <View className='skeleton' />
      <View className='muted' style={{ textAlign: 'center' }}>加载中…</View>
    </View>
  );
}

export interface StateProps {
  icon?: string;
  title: string;
  text?: string;
  /** A retry or a way out; every dead end offers one. */
  action?: { label: string; onClick: () => void };
  children?: ReactNode;
}

export function StateView({ icon = '!', title, text, action, children }: StateProps) {
  return (
    <View className='state'>
      <View className='state__icon'>{icon}</View>
      <View className='state__title'>{title}</View>
      {text ? <View className='state__text'>{text}</View> : null}
      {action ? <Btn onClick={action.onClick}>{action.label}</Btn> : null}
      {children}
    </View>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  return <StateView title='加载失败' text={message} action={{ label: '重试', onClick: onRetry }} />;
}

/** Retrying at once would only be refused again: say when, and offer the way home. */
export function RateLimitedState({ message }: { message: string }) {
  return <StateView icon='缓' title='访问太频繁' text={message} action={{ label: '回到首页', onClick: () => void Taro.reLaunch({ url: routes.home() }) }} />;
}

export interface RemoteViewProps<T> {
  remote: Remote<T>;
  onRetry: () => void;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** Overrides the generic error page for some codes (e.g. a retired plaque code). */
  onError?: (error: { code: string; message: string }) => ReactNode | undefined;
  children: (data: T) => ReactNode;
}

/** Loading, error (with retry), empty, or the content: the four states every page shows. */
export function RemoteView<T>({ remote, onRetry, isEmpty, empty, onError, children }: RemoteViewProps<T>) {
  if (remote.status === 'loading') return <Loading />;
  if (remote.status === 'error') {
    const fallback = remote.code === 'RATE_LIMITED' ? <RateLimitedState message={remote.message} /> : <ErrorState message={remote.message} onRetry={onRetry} />;
    return <>{onError?.(remote) ?? fallback}</>;
  }
  if (isEmpty?.(remote.data)) return <>{empty ?? <StateView icon='空' title='暂无内容' action={{ label: '刷新', onClick: onRetry }} />}</>;
  return <>{children(remote.data)}</>;
}
