import { toBuffer, type QRCodeToBufferOptions } from 'qrcode';

/**
 * The local stand-in for `wxacode.getUnlimited`. WeChat draws its circular mini-program code, which
 * cannot be made offline; this answers with an ordinary QR code (PNG) of `<page>?scene=<scene>`, so
 * a test or a person can read back exactly what the real code would open. Errors are WeChat's JSON
 * with its documented codes for the checks that can be made locally.
 */
export interface BinaryAnswer {
  contentType: string;
  body: Buffer;
}

/** WeChat: at most 32 visible characters from digits, letters and !#$&'()*+,/:;=?@-._~ */
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;

const json = (errcode: number, errmsg: string): BinaryAnswer => ({
  contentType: 'application/json; charset=utf-8',
  body: Buffer.from(JSON.stringify({ errcode, errmsg })),
});

export async function unlimitedCode(request: Record<string, unknown>): Promise<BinaryAnswer> {
  const { scene, page = '', width = 430 } = request;
  if (typeof scene !== 'string' || scene.length === 0 || !SCENE_CHARS.test(scene)) return json(40129, 'invalid scene');
  if (scene.length > 32) return json(40169, 'invalid length for scene');
  // A page is a path in the app: no leading slash, and arguments belong in the scene.
  if (typeof page !== 'string' || page.startsWith('/') || page.includes('?')) return json(41030, 'invalid page');
  if (typeof width !== 'number' || !Number.isFinite(width)) return json(40097, 'invalid args: width');
  const px = Math.min(1280, Math.max(280, Math.round(width)));
  // PNG filter "Up" only: a QR's pixel rows repeat within each module row, so it still compresses well
  // (about 8 KB at 430 px) without pngjs's per-row search over all filters (about 1 s under jest).
  // Opaque grey (no alpha), as WeChat's code is unless `is_hyaline` asks for transparency: a PDF embeds
  // it as it comes, where an alpha channel would have to be split out pixel by pixel.
  const options = { type: 'png' as const, width: px, margin: 2, errorCorrectionLevel: 'M' as const, rendererOpts: { filterType: 2, colorType: 0 } };
  const body = await toBuffer(`${page}?scene=${encodeURIComponent(scene)}`, options as QRCodeToBufferOptions);
  return { contentType: 'image/png', body };
}
