import { cloud } from './sdk';
import { fail, ok, type Result } from './result';

/** msgSecCheck v1's "risky content" errcode, which some WeChat paths still answer with. */
const RISKY_ERRCODE = 87014;

/**
 * Text that other people will read passes WeChat's content security check (msgSecCheck v2) first.
 * Scene 2 is "comment"; the caller's openid is required by v2. Only a clear pass lets it through,
 * but only a verdict on the text is the user's fault (CONTENT_REJECTED): a check that did not run
 * (unreachable, errcode -1 system busy, 40001 bad token, no verdict) is CONTENT_CHECK_UNAVAILABLE.
 */
export async function checkText(content: string, openid: string): Promise<Result<null>> {
  let result: { errcode?: number; errmsg?: string; result?: { suggest?: string } } | undefined;
  try {
    ({ result } = (await cloud().callWxOpenApi({
      apiName: '/wxa/msg_sec_check',
      requestData: { content, version: 2, scene: 2, openid },
    })) as { result: typeof result });
  } catch (err) {
    console.error('[content-check] msgSecCheck unreachable', err instanceof Error ? err.message : err);
    return fail('CONTENT_CHECK_UNAVAILABLE');
  }
  const suggest = result?.errcode === 0 ? result.result?.suggest : undefined;
  if (suggest === 'pass') return ok(null);
  if (suggest === 'risky' || suggest === 'review' || result?.errcode === RISKY_ERRCODE) return fail('CONTENT_REJECTED');
  console.error('[content-check] msgSecCheck gave no verdict', result?.errcode, result?.errmsg);
  return fail('CONTENT_CHECK_UNAVAILABLE');
}
