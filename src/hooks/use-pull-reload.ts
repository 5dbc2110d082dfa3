import Taro, { usePullDownRefresh } from '@tarojs/taro';

/** Pull down to reload: the habit mini-program users already have (needs enablePullDownRefresh in the page config). */
export function usePullReload(reload: () => void) {
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });
}
