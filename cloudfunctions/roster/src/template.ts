import ExcelJS from 'exceljs';
import type { rosterContract } from '../../../src/shared/contract/roster';
import { IMPORT_TEMPLATES } from '../../../src/shared/domain/roster-import';
import { Collections } from '../../_common/collections';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { storeExport } from '../../volunteer/src/export-file';

/** The template's workbook: the headers (required ones marked *), one example row, text-formatted 学号 columns. */
export async function templateBook(kind: keyof typeof IMPORT_TEMPLATES): Promise<Buffer> {
  const t = IMPORT_TEMPLATES[kind];
  const book = new ExcelJS.Workbook();
  book.creator = '社区党建';
  const sheet = book.addWorksheet(t.title);
  sheet.addRow(t.columns.map((c) => (c.required ? `${c.header}*` : c.header))).font = { bold: true };
  sheet.addRow(t.columns.map((c) => c.example));
  t.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(12, c.header.length * 3);
    // 学号 and 工号 as text, so Excel keeps leading zeros and never shows 2.02E+09.
    if (['studentNo', 'staffNo', 'phone', 'room'].includes(c.key)) column.numFmt = '@';
  });
  const notes = book.addWorksheet('说明');
  notes.addRow([t.note]);
  notes.addRow(['带 * 的列必填；表头上方可以有标题行；示例行请删除后再填写。']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const template: Handler<typeof rosterContract.template> = async ({ kind }, ctx) => {
  const me = await ctx.actor();
  const file = await templateBook(kind);
  const stored = await storeExport(file, `template-${kind}`, ctx, {
    actorOpenid: ctx.caller.openid, actorRole: me.role, action: 'roster.template', target: { collection: Collections.exports, id: kind }, before: null, after: { kind },
  });
  if (!stored) return fail('CONFLICT');
  return ok({ fileID: stored.fileID, url: stored.url, fileName: `${IMPORT_TEMPLATES[kind].title}导入模板.xlsx` });
};
