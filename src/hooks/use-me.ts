import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { call } from '../services/cloud';
import { useRemote } from './use-remote';

/**
 * The caller as the server sees them (account.me). Reloaded whenever the page shows again, because
 * binding, an invite or the local sign-in on 我的 can change who they are.
 */
export function useMe() {
  const state = useRemote(() => call('account', 'me', {}), []);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) return void (firstShow.current = false);
    state.reload();
  });
  return state;
}
