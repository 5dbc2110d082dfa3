import { A4, newPdf } from '../../../_common/pdf';
import { groupedPlaqueCode, PLAQUE_CARD_GRID, PLAQUE_SLOGAN, type PlaqueCardSize } from '../../../../src/shared/domain/plaque-print';

export interface Card {
  buildingName: string;
  roomNumber: string;
  code: string;
  /** The room's mini-program code (PNG). */
  qrPng: Buffer;
}

/** Sizes in points: the card's box on the sheet and what is set in it. */
interface Layout {
  width: number;
  height: number;
  /**
   * The red frame's distance from the card's cut edges. A6 and A5 fill the whole A4 sheet, so their
   * outer edges are the paper's: office printers leave ~4-5 mm unprinted there, and a frame nearer
   * than 6 mm came out cut off on two sides of every card.
   */
  frame: number;
  /** The cards' block is centred on the sheet; a card's content is this far inside its cut lines. */
  pad: number;
  qr: number;
  /**
   * Pixels asked of getUnlimited (280 to 1280): about 180 dpi at the printed size or more. The image
   * is most of a card's bytes, so the small card asks WeChat's least.
   */
  qrPx: number;
  building: number;
  room: number;
  slogan: number;
  code: number;
  hint: number;
  /** QR beside the words (wide cards) or under them (tall cards). */
  wide: boolean;
}

const MM = 72 / 25.4;

const LAYOUTS: Record<PlaqueCardSize, Layout> = {
  // A6 portrait, 2 x 2 on A4.
  a6: { width: 105 * MM, height: 148.5 * MM, frame: 6 * MM, pad: 26, qr: 180, qrPx: 430, building: 14, room: 36, slogan: 12.5, code: 14, hint: 7.5, wide: false },
  // A5 landscape, 2 on A4.
  a5: { width: 210 * MM, height: 148.5 * MM, frame: 6 * MM, pad: 30, qr: 270, qrPx: 430, building: 20, room: 60, slogan: 19, code: 20, hint: 10, wide: true },
  // 名片 90 x 54 mm, 2 x 5 on A4.
  // Its sheet has a 13 mm margin; the hint at 6.5 pt is the smallest that still reads on a door.
  card: { width: 90 * MM, height: 54 * MM, frame: 4.5, pad: 9, qr: 112, qrPx: 280, building: 9, room: 22, slogan: 8.5, code: 9.5, hint: 6.5, wide: true },
};

/** Where a size's cards sit on the sheet (points): the block's offset and the card's layout. */
export function sheetGeometry(size: PlaqueCardSize): { left: number; top: number; columns: number; rows: number } & Readonly<Layout> {
  const l = LAYOUTS[size];
  const { columns, rows } = PLAQUE_CARD_GRID[size];
  return { ...l, columns, rows, left: (A4.width - columns * l.width) / 2, top: (A4.height - rows * l.height) / 2 };
}

/** The mini-program code's width in pixels for a card size (see Layout.qrPx). */
export const qrPixels = (size: PlaqueCardSize): number => LAYOUTS[size].qrPx;

const RED = '#c8161d';
const GREY = '#555555';
const HINT = '微信扫码查看本寝室公示的党员；也可在小程序首页输入门牌编号';

function drawCard(doc: PDFKit.PDFDocument, l: Layout, x: number, y: number, card: Card): void {
  // A red frame inside the cut lines: a card cut a little off still looks framed.
  const inset = l.frame;
  doc.save().lineWidth(l.wide && l.height < 200 ? 1 : 1.8).strokeColor(RED).roundedRect(x + inset, y + inset, l.width - 2 * inset, l.height - 2 * inset, 4).stroke().restore();
  const code = groupedPlaqueCode(card.code);
  // Building, room, the line, the code to type (its label above it, so the code never wraps), the hint.
  const lines: Array<{ text: string; size: number; color: string; gap: number; qrBefore?: boolean }> = [
    { text: card.buildingName, size: l.building, color: GREY, gap: 2 },
    { text: `${card.roomNumber}室`, size: l.room, color: 'black', gap: 2 },
    { text: PLAQUE_SLOGAN, size: l.slogan, color: RED, gap: l.slogan * 0.6 },
    { text: '门牌编号', size: l.hint, color: GREY, gap: 1, qrBefore: !l.wide },
    { text: code, size: l.code, color: 'black', gap: l.slogan * 0.5 },
    { text: HINT, size: l.hint, color: GREY, gap: 0 },
  ];
  const tx = l.wide ? x + l.pad + l.qr + l.pad * 0.6 : x + l.pad;
  const tw = l.wide ? x + l.width - l.pad - tx : l.width - 2 * l.pad;
  const align = l.wide ? 'left' : 'center';
  const heights = lines.map((line) => doc.fontSize(line.size).heightOfString(line.text, { width: tw }));
  const qrSpace = l.wide ? 0 : l.qr + 8;
  const total = heights.reduce((a, h, i) => a + h + lines[i].gap, 0) + qrSpace;
  let ty = y + (l.height - total) / 2;
  if (l.wide) doc.image(card.qrPng, x + l.pad, y + (l.height - l.qr) / 2, { width: l.qr, height: l.qr });
  lines.forEach((line, i) => {
    if (line.qrBefore) {
      doc.image(card.qrPng, x + (l.width - l.qr) / 2, ty, { width: l.qr, height: l.qr });
      ty += qrSpace;
    }
    doc.fontSize(line.size).fillColor(line.color).text(line.text, tx, ty, { width: tw, align });
    ty += heights[i] + line.gap;
  });
  doc.fillColor('black');
}

/** Dashed cut lines along every card edge, across the whole sheet. */
function drawCutLines(doc: PDFKit.PDFDocument, l: Layout, left: number, top: number, columns: number, rows: number): void {
  doc.save().lineWidth(0.5).strokeColor('#999999').dash(4, { space: 3 });
  for (let c = 0; c <= columns; c++) {
    const x = left + c * l.width;
    if (x > 0.5 && x < A4.width - 0.5) doc.moveTo(x, 0).lineTo(x, A4.height).stroke();
  }
  for (let r = 0; r <= rows; r++) {
    const y = top + r * l.height;
    if (y > 0.5 && y < A4.height - 0.5) doc.moveTo(0, y).lineTo(A4.width, y).stroke();
  }
  doc.undash().restore();
}

/**
 * The door cards on A4 sheets, laid out in a grid of the chosen size with dashed cut lines; answers
 * the PDF and its page count. A sheet's margin carries a line to say what it is, where there is one.
 */
export async function renderCards(cards: Card[], size: PlaqueCardSize, title: string): Promise<{ pdf: Buffer; pages: number }> {
  const { left, top, columns, rows, ...l } = sheetGeometry(size);
  const perPage = columns * rows;
  const { doc, bytes } = newPdf({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: title, Creator: '社区党建' } });
  const pages = Math.max(1, Math.ceil(cards.length / perPage));
  for (let p = 0; p < pages; p++) {
    doc.addPage({ size: 'A4', margin: 0 });
    drawCutLines(doc, l, left, top, columns, rows);
    cards.slice(p * perPage, (p + 1) * perPage).forEach((card, i) => {
      drawCard(doc, l, left + (i % columns) * l.width, top + Math.floor(i / columns) * l.height, card);
    });
    if (top >= 14) {
      doc.fontSize(7).fillColor(GREY).text(`${title}　沿虚线裁剪　第 ${p + 1} / ${pages} 页`, 0, A4.height - top + 4, { width: A4.width, align: 'center', lineBreak: false });
      doc.fillColor('black');
    }
  }
  doc.end();
  return { pdf: await bytes, pages };
}
