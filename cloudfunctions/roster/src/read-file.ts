import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parseCsv } from '../../../src/shared/domain/roster-import';

/** Larger files are not a school's roster (30,000 rows of .xlsx are about 1.5 MB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * A CSV's text by its bytes: a BOM says UTF-8 or UTF-16; bytes that are valid UTF-8 are UTF-8;
 * anything else is what Excel in China saves, GB18030 (a superset of GBK and GB2312).
 */
export function decodeCsv(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

/** A cell's value as text: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return '';
  }
  return String(value);
}

export type SheetRows = { rows: string[][]; format: string } | { error: string };

/**
 * The rows of an uploaded file: .xlsx by its zip signature (the first sheet that has rows; a merged
 * cell reads as its master's value on every row it covers), .xls refused with advice, else CSV.
 */
export async function readRows(bytes: Buffer): Promise<SheetRows> {
  if (bytes.length === 0) return { error: '文件是空的' };
  if (bytes.length > MAX_IMPORT_BYTES) return { error: '文件超过20 MB，请拆分后分批导入' };
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return { error: '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后上传' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      return { error: '无法读取这个 .xlsx 文件，请在 Excel 中重新保存后上传' };
    }
    const sheet = book.worksheets.find((s) => s.actualRowCount > 0);
    if (!sheet) return { error: '表格中没有数据' };
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c += 1) cells.push(cellText(row.getCell(c).value));
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i += 1) rows[i] ??= [];
    return { rows, format: 'xlsx' };
  }
  const { text, encoding } = decodeCsv(bytes);
  return { rows: parseCsv(text), format: `csv (${encoding})` };
}
