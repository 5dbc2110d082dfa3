// Test support of the package's own (no project's test helpers are imported).
import zlib from 'node:zlib';
import QRCode from 'qrcode';

/**
 * Reads a QR code back out of a PNG without a QR-reader dependency: decode the PNG (8-bit, no
 * interlace, any filter), find the symbol's bounding box from its dark pixels, sample each module's
 * centre, and compare the grid with the symbol `qrcode` makes for the text we expect. An exact match
 * at some error-correction level means the image encodes exactly that text.
 */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface Png {
  width: number;
  height: number;
  dark(x: number, y: number): boolean;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(buf: Buffer): Png {
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs are read here');
      colorType = data[9];
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const bpp = CHANNELS[colorType];
  if (!bpp) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i += 1) {
      const a = i >= bpp ? pixels[y * stride + i - bpp] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = i >= bpp && y > 0 ? pixels[(y - 1) * stride + i - bpp] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      pixels[y * stride + i] = (line[i] + predictor) & 0xff;
    }
  }
  // Grey or red channel; a transparent pixel counts as light.
  const dark = (x: number, y: number) => {
    const at = y * stride + x * bpp;
    const alpha = bpp === 4 ? pixels[at + 3] : bpp === 2 ? pixels[at + 1] : 255;
    return alpha > 127 && pixels[at] < 128;
  };
  return { width, height, dark };
}

/** True when the PNG's QR symbol is exactly the one for `text` (at any error-correction level). */
export function qrEncodes(png: Png, text: string): boolean {
  let left = png.width;
  let right = -1;
  let top = png.height;
  let bottom = -1;
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      if (!png.dark(x, y)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) return false;
  return (['L', 'M', 'Q', 'H'] as const).some((level) => {
    const { size, data } = QRCode.create(text, { errorCorrectionLevel: level }).modules;
    const cell = (right - left + 1) / size;
    for (let r = 0; r < size; r += 1) {
      for (let c = 0; c < size; c += 1) {
        const x = Math.floor(left + (c + 0.5) * cell);
        const y = Math.floor(top + (r + 0.5) * cell);
        if (png.dark(x, y) !== Boolean(data[r * size + c])) return false;
      }
    }
    return true;
  });
}
