import { cstDate, cstTime } from '../../../../src/shared/domain/china-time';
import { DOSSIER_RECORD_LIMIT } from '../../../../src/shared/domain/dossier';
import { newPdf } from '../../../_common/pdf';
import type { PackData, Row } from './pack-data';

/** Records printed under each checklist item (the sections above list the rest). */
const EVIDENCE_PRINTED = 5;
const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;

/** Lays out one pack (A4) with its QR at the top right; answers the PDF and its page count. */
export async function renderPack(pack: PackData, qrPng: Buffer): Promise<{ pdf: Buffer; pages: number }> {
  const { doc, bytes: ended } = newPdf({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `预备党员转正材料 ${pack.identity[0][1]}`, Author: pack.issuedBy, Creator: '社区党建' } });

  doc.image(qrPng, MARGIN + WIDTH - 90, MARGIN - 10, { width: 90 });
  doc.fontSize(8).fillColor('#555').text('扫码核验', MARGIN + WIDTH - 90, MARGIN + 82, { width: 90, align: 'center' });
  doc.fillColor('black').fontSize(18).text('预备党员转正材料', MARGIN, MARGIN, { width: WIDTH - 100 });
  doc.fontSize(9).fillColor('#555').text(`材料编号 ${pack.id}`, { width: WIDTH - 100 });
  doc.text(`出具人 ${pack.issuedBy}　出具时间 ${cstDate(pack.issuedAt)} ${cstTime(pack.issuedAt)}（北京时间）`, { width: WIDTH - 100 });
  doc.fillColor('black').moveDown(3);

  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const heading = (text: string) => {
    if (doc.y + 60 > bottom()) doc.addPage();
    doc.moveDown(0.6).fontSize(13).text(text).moveDown(0.2).fontSize(10);
  };
  const line = (text: string) => doc.fontSize(10).text(text, { width: WIDTH });
  const table = (headers: string[], widths: number[], rows: Row[]) => {
    const draw = (cells: string[], bold: boolean) => {
      doc.fontSize(9);
      const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 4 })));
      // The whole row on a new page: a cell that crossed the margin would start a page of its own.
      if (doc.y + height > bottom()) doc.addPage();
      const y = doc.y;
      let x = MARGIN;
      let rowEnd = y;
      cells.forEach((cell, i) => {
        doc.fillColor(bold ? '#333' : 'black').text(cell, x, y, { width: widths[i] - 4 });
        rowEnd = Math.max(rowEnd, doc.y);
        x += widths[i];
      });
      doc.x = MARGIN;
      doc.y = rowEnd + 2;
    };
    draw(headers, true);
    for (const row of rows) draw(row, false);
    doc.fillColor('black');
  };

  heading('一、基本信息');
  for (const [label, value] of pack.identity) line(`${label}：${value}`);

  const h = pack.hours;
  heading('二、志愿服务时长');
  line(`累计已认定 ${h.total} 小时：活动签到核实 ${h.verified} 小时，本人申报（经辅导员审核） ${h.selfReported} 小时。`);
  line(h.total >= h.target ? `已达到 ${h.target} 小时要求。` : `距 ${h.target} 小时要求还差 ${Math.round((h.target - h.total) * 10) / 10} 小时。`);
  if (h.approvedTotal > h.listed) line(`注意：已认定记录共 ${h.approvedTotal} 条，本材料只列出最近的 ${h.listed} 条，未列出 ${h.approvedTotal - h.listed} 条（合计时长含全部记录）。`);
  if (h.rows.length === 0) line('暂无已认定的志愿服务记录。');
  else table(['日期', '时间', '活动', '类别', '时长', '认定方式'], [70, 70, 150, 70, 45, 90], h.rows);

  heading('三、所在寝室检查');
  line(`${pack.room.label}：${pack.room.state}`);
  if (pack.room.rows.length) table(['日期', '类型', '评定', '得分率', '检查人'], [80, 60, 80, 70, 120], pack.room.rows);
  if (pack.room.more) line(`（只列出最近 ${DOSSIER_RECORD_LIMIT} 次）`);

  heading('四、联系寝室走访');
  if (pack.visits.rows.length === 0) line('暂无走访记录。');
  else table(['时间', '寝室', '主题', '状态'], [110, 80, 80, 150], pack.visits.rows);
  if (pack.visits.more) line(`（只列出最近 ${DOSSIER_RECORD_LIMIT} 次）`);

  heading('五、值班');
  if (pack.duty.rows.length === 0) line('暂无值班记录。');
  else table(['日期', '时间', '服务站', '状态', '时长'], [80, 80, 160, 70, 60], pack.duty.rows);
  if (pack.duty.more) line(`（只列出最近 ${DOSSIER_RECORD_LIMIT} 次）`);

  heading('六、荣誉与评星');
  if (pack.awards.length === 0 && pack.stars.length === 0) line('暂无。');
  for (const [name, until] of pack.awards) line(`${name}（${until}）`);
  for (const month of pack.stars) line(`${month.slice(0, 4)}年${Number(month.slice(5, 7))}月 每月之星`);

  heading('七、转正条件核对');
  for (const item of pack.checklist) {
    line(`${item.state === 'met' ? '√' : item.state === 'unmet' ? '×' : '·'} ${item.label}：${item.detail}`);
    for (const e of item.evidence.slice(0, EVIDENCE_PRINTED)) doc.fontSize(9).fillColor('#555').text(`　　${e.date ? `${e.date} ` : ''}${e.label}`, { width: WIDTH }).fillColor('black');
  }
  const blockers = pack.checklist.filter((i) => i.blocks);
  line(blockers.length ? `待解决事项：${blockers.map((b) => b.label).join('；')}。` : '待解决事项：无。');
  doc.moveDown().fontSize(8).fillColor('#555').text('本材料由系统根据记录生成，供党支部审议参考，不构成自动决定。扫描右上角二维码可核验本材料的出具记录。', { width: WIDTH });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#555').text(`${pack.identity[0][1]} 转正材料　编号 ${pack.id}　第 ${i + 1} / ${range.count} 页`, MARGIN, 841.89 - 35, { width: WIDTH, align: 'center', lineBreak: false });
  }
  doc.end();
  return { pdf: await ended, pages: range.count };
}
