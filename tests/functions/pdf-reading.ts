import zlib from 'node:zlib';
import jsQR from 'jsqr';

// pdf-parse's index.js reads a sample file when it is the main module; its lib entry does not.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfParse = require('pdf-parse/lib/pdf-parse.js') as (data: Buffer) => Promise<{ text: string; numpages: number }>;

/** The text of a PDF (pdf.js through pdf-parse), every page, as a reader would copy it. */
export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parsed = await pdfParse(pdf);
  return { text: parsed.text, pages: parsed.numpages };
}

/** PNG row filters, as a PDF Flate stream with /Predictor 15 carries them. */
function unfilter(raw: Buffer, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + p) & 255;
    }
  }
  return out;
}

/**
 * Every image XObject of a PDF (an alpha mask too) as RGBA pixels, from the streams pdfkit writes for
 * a PNG: Flate, DeviceGray or DeviceRGB, 8 bits, with or without PNG predictors.
 */
export function pdfImages(pdf: Buffer): Array<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  const s = pdf.toString('latin1');
  const images: Array<{ width: number; height: number; rgba: Uint8ClampedArray }> = [];
  for (let at = s.indexOf('/Subtype /Image'); at >= 0; at = s.indexOf('/Subtype /Image', at + 1)) {
    const streamAt = s.indexOf('stream', at);
    const dict = s.slice(s.lastIndexOf(' obj', at), streamAt);
    const num = (key: string) => Number(new RegExp(`/${key} (\\d+)`).exec(dict)?.[1]);
    const start = streamAt + 'stream'.length + (s[streamAt + 6] === '\r' ? 2 : 1);
    const width = num('Width');
    const height = num('Height');
    const channels = dict.includes('/DeviceRGB') ? 3 : 1;
    const raw = zlib.inflateSync(pdf.subarray(start, start + num('Length')));
    // With /DecodeParms the stream is a PNG's IDAT (row filters); without, plain pixels (pdfkit's re-encoding of an alpha PNG).
    const pixels = dict.includes('/DecodeParms') ? unfilter(raw, width, height, channels) : raw;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgba[i * 4] = pixels[i * channels];
      rgba[i * 4 + 1] = pixels[i * channels + (channels === 3 ? 1 : 0)];
      rgba[i * 4 + 2] = pixels[i * channels + (channels === 3 ? 2 : 0)];
      rgba[i * 4 + 3] = 255;
    }
    images.push({ width, height, rgba });
  }
  return images;
}

/** The text of the first QR code among a PDF's images, decoded by jsQR, or null. */
export function pdfQrText(pdf: Buffer): string | null {
  for (const img of pdfImages(pdf)) {
    const found = jsQR(img.rgba, img.width, img.height);
    if (found) return found.data;
  }
  return null;
}
