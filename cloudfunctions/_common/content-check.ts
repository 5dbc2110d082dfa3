import { cloud } from './sdk';
import { fail, ok, type Result } from './result';

/**
 * Text that other people will read passes WeChat's content security check (msgSecCheck v2) first.
 * Scene 2 is "comment"; the caller's openid is required by v2. Anything but a clear pass is refused.
 */
export async function checkText(content: string, openid: string): Promise<Result<null>> {
  const { result } = (await cloud().callWxOpenApi({
    apiName: '/wxa/msg_sec_check',
    requestData: { content, version: 2, scene: 2, openid },
  })) as { result: { errcode?: number; result?: { suggest?: string } } };
  if (result?.errcode === 0 && result.result?.suggest === 'pass') return ok(null);
  return fail('CONTENT_REJECTED');
}
