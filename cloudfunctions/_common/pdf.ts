import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * What every PDF the functions make shares: pdfkit with the CJK font (Noto Sans SC, OTF, from the npm
 * package @embedpdf/fonts-sc). scripts/build-functions.ts copies the font beside the bundle of each
 * function that makes PDFs (`cloudfunctions/<fn>/fonts/`, its ASSETS) and keeps pdfkit as that
 * function's own dependency (its EXTERNALS), so the emulator and a CloudBase upload of the function
 * folder both find them. pdfkit embeds only the glyphs a document uses (one subset per document).
 */
export const CJK_FONT_FILE = 'NotoSansHans-Regular.otf';

let font: Buffer | null = null;
export function cjkFont(): Buffer {
  font ??= fs.readFileSync(path.join(__dirname, 'fonts', CJK_FONT_FILE));
  return font;
}

/** What pdfkit takes for a font once fontkit has read it (pdfkit 0.20 accepts the object itself). */
interface FontkitFont {
  layout(text: string): unknown;
}

let parsed: FontkitFont | null = null;
/**
 * The CJK font read once per instance and handed to every document. Given the bytes, pdfkit reads the
 * 8 MB font anew for each document (its tables, then the glyphs' outlines as text is laid out):
 * ~0.5 s of every warm print. Each document still embeds its own subset of the glyphs it used.
 * fontkit is pdfkit's own dependency, so it is found from pdfkit's place (no package of our own).
 */
function cjkFontObject(): FontkitFont {
  if (!parsed) {
    const here = createRequire(__filename);
    const fontkit = createRequire(here.resolve('pdfkit'))('fontkit') as { create(buffer: Buffer): FontkitFont };
    parsed = fontkit.create(cjkFont());
  }
  return parsed;
}

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export type PdfOptions = Omit<PDFKit.PDFDocumentOptions, 'font'>;

/**
 * A document set in the CJK font, and its bytes once `doc.end()` is called. The font is given up
 * front: pdfkit's default (Helvetica) would read AFM files a bundle does not carry.
 */
export function newPdf(options: PdfOptions): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({ ...options, font: cjkFontObject() as unknown as string });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
