import zlib from 'node:zlib';
import QRCode from 'qrcode';

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
  const body = qrPng(`${page}?scene=${encodeURIComponent(scene)}`, px);
  return { contentType: 'image/png', body };
}

const crc32 = (zlib as unknown as { crc32(data: Buffer): number }).crc32;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The QR of `text` as an opaque 8-bit grey PNG of `px` pixels with a 2-module margin, laid out as the
 * `qrcode` package's PNG renderer does (same scale, same module edges). Written here rather than by
 * that renderer: its pure-JS PNG packing takes about a second per code under jest, and its RGBA output
 * would make a PDF split out an alpha channel pixel by pixel; WeChat's own code is opaque too, unless
 * `is_hyaline` asks for transparency. Rows use the "Up" filter (a QR's rows repeat within a module),
 * so the data is long runs of zeros: run-length deflate packs it in ~1.6 KB about six times faster
 * than level 9's default search (4 ms a code was most of a 300-card print's time here).
 */
function qrPng(text: string, px: number): Buffer {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const margin = 2;
  const scale = px / (size + margin * 2);
  const side = Math.floor((size + margin * 2) * scale);
  const edge = margin * scale;
  const raw = Buffer.alloc((side + 1) * side);
  let previous = Buffer.alloc(side, 255);
  let previousKey = -2;
  for (let y = 0; y < side; y++) {
    const at = y * (side + 1);
    raw[at] = 2;
    const r = y >= edge && y < side - edge ? Math.floor((y - edge) / scale) : -1;
    // Within a module row every pixel row is the same: its "Up" difference is all zero (as allocated).
    if (r === previousKey) continue;
    const row = Buffer.alloc(side, 255);
    if (r >= 0) for (let x = Math.ceil(edge); x < side - edge; x++) if (data[r * size + Math.floor((x - edge) / scale)]) row[x] = 0;
    for (let x = 0; x < side; x++) raw[at + 1 + x] = (row[x] - (y === 0 ? 0 : previous[x])) & 0xff;
    previous = row;
    previousKey = r;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9, strategy: zlib.constants.Z_RLE })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
