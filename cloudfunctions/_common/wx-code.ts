import { callOpenApi, OpenApiError } from './wx-open-api';
import { fail, ok, type Result } from './result';

/**
 * The name wx-server-sdk 4 sends for `cloud.openapi.wxacode.getUnlimited` (its proxy joins the
 * property path), the form known to work over `wx.openApi`. The HTTP path `/wxa/getwxacodeunlimit`
 * is what the JSON `wx.api` action would take; the local CloudBase accepts both.
 */
export const GET_UNLIMITED_API = 'wxacode.getUnlimited';

export interface UnlimitedCodeRequest {
  /** At most 32 visible characters; the page receives it as `options.scene` (URL-encoded). */
  scene: string;
  /** A page path without a leading slash or query. */
  page: string;
  width?: number;
}

/**
 * A mini-program code (PNG) that opens `page` with `scene`. `check_path: false` so codes can be
 * printed before the page's version is released (WeChat checks the page only when asked to).
 */
export async function unlimitedCode({ scene, page, width = 430 }: UnlimitedCodeRequest): Promise<Result<Buffer>> {
  try {
    const reply = await callOpenApi(GET_UNLIMITED_API, { scene, page, check_path: false, width });
    if (!reply.contentType.startsWith('image/')) {
      console.error(`[wx-code] expected an image, got ${reply.contentType}`);
      return fail('INTERNAL');
    }
    return ok(reply.body);
  } catch (err) {
    // WeChat's own codes (40129 bad scene, 41030 bad page, 45009 quota) are for the log, not the user.
    console.error('[wx-code] getUnlimited failed', err instanceof OpenApiError ? err.message : err);
    return fail('INTERNAL');
  }
}
