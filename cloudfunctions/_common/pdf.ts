import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * What every PDF the functions make shares: pdfkit with the CJK font (Noto Sans SC, OTF, from the npm
 * package @embedpdf/fonts-sc). scripts/build-functions.ts copies the font beside the bundle of each
 * function that makes PDFs (`cloudfunctions/<fn>/fonts/`, its ASSETS) and keeps pdfkit as that
 * function's own dependency (its EXTERNALS), so the emulator and a CloudBase upload of the function
 * folder both find them. pdfkit embeds only the glyphs a document uses.
 */
export const CJK_FONT_FILE = 'NotoSansHans-Regular.otf';

let font: Buffer | null = null;
export function cjkFont(): Buffer {
  font ??= fs.readFileSync(path.join(__dirname, 'fonts', CJK_FONT_FILE));
  return font;
}

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export type PdfOptions = Omit<PDFKit.PDFDocumentOptions, 'font'>;

/**
 * A document set in the CJK font, and its bytes once `doc.end()` is called. The font is given up
 * front: pdfkit's default (Helvetica) would read AFM files a bundle does not carry.
 */
export function newPdf(options: PdfOptions): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({ ...options, font: cjkFont() as unknown as string });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
