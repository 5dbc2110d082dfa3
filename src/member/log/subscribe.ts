import Taro from '@tarojs/taro';
import { SUBSCRIBE_TEMPLATE_ID } from '../../services/config';

/**
 * One grant for one review notice. WeChat only shows the prompt from a tap, so this runs first in
 * the submit tap. h5 has no such prompt: the local outbox always records the message.
 */
export async function askSubscribe(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return true;
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [SUBSCRIBE_TEMPLATE_ID], entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
    return res[SUBSCRIBE_TEMPLATE_ID] === 'accept';
  } catch {
    return false; // refused, or switched off in settings: submit anyway, without a notice
  }
}
