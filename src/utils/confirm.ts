import Taro from '@tarojs/taro';

/**
 * A yes/no dialog that resolves false instead of rejecting. WeChat refuses a confirmText longer than
 * 4 Chinese characters, so callers keep it short.
 */
export async function confirmDialog(options: { title: string; content: string; confirmText: string; danger?: boolean }): Promise<boolean> {
  try {
    const { confirm } = await Taro.showModal({
      title: options.title,
      content: options.content,
      confirmText: options.confirmText,
      confirmColor: options.danger ? '#c8161d' : '#1f1f1f',
      cancelText: '取消',
    });
    return confirm;
  } catch {
    return false;
  }
}
