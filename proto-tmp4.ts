import fs from 'node:fs';
import { renderPack } from './cloudfunctions/develop/src/dossier/pdf';
import QRCode from 'qrcode';
const rows = Array.from({ length: 12 }, (_, i) => [`2026-11-${String(i + 1).padStart(2, '0')}`, '14:00-16:30', `社区图书角整理与读书分享活动第${i}期`, '社区服务', '2.5', i % 2 ? '活动签到核实' : '本人申报']);
const pack: any = { id: '86f396dfc955d7e24500af65', identity: [['姓名', '韩梅梅'], ['学号', '2023010101'], ['政治面貌', '预备党员'], ['党支部', '智园1号楼党支部'], ['党小组', '第一党小组'], ['寝室', '智园1号楼 301'], ['预备期开始', '2026-01-10'], ['转正预计时间', '2027-01-10']],
  hours: { verified: 15, selfReported: 15, total: 30, target: 50, rows, listed: 12, approvedTotal: 12 },
  room: { label: '智园1号楼 301', state: '最近一次检查：良好', rows: [['2026-11-20', '检查', '良好', '86%', '张老师']], more: false }, visits: { rows: [['2026-11-21 19:30', '302', '生活', '已确认']], more: false }, duty: { rows: [['2026-11-19', '18:00-20:00', '1号楼党员服务站', '已完成', '2']], more: false },
  awards: [['党员示范岗', '至 2027-01-31']], stars: ['2026-10'], checklist: [{ key: 'hours50', label: '志愿服务满 50 小时', state: 'unmet', detail: '已认定 30 小时，还差 20 小时', evidence: [{ label: '图书角 2.5 小时（自报审核）', date: '2026-11-12', source: null }], blocks: true }], issuedBy: '张老师', issuedAt: new Date() };
(async () => {
  const png = await QRCode.toBuffer('pages/dossier/index?scene=86f396dfc955d7e24500af65', { width: 280, margin: 2 });
  const out = await renderPack(pack, png); fs.writeFileSync('/tmp/x11p/sample.pdf', out.pdf); console.log(out.pages);
})();
