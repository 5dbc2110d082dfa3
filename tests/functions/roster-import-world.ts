import { sdkFor } from 'cloudbase-local/testing';
import type { BuildingDoc, RoomDoc } from '../../cloudfunctions/_common/docs';
import type { ImportJobDoc, ChangeDoc } from '../../cloudfunctions/_common/repositories/roster-imports';
import type { App } from './harness';

/**
 * The roster import's sample (issue 12): a students CSV in the admin's upload folder, and a previewed
 * job of one addition (a new student in room A) for `apply`, `changes` and `job`.
 */
export async function seedRosterImport(app: App, { adminOpenid, a, roomA, tag }: { adminOpenid: string; a: BuildingDoc; roomA: RoomDoc; tag: string }) {
  const studentNo = `1998${tag.replace(/\D/g, '').padStart(6, '0')}`;
  const csv = `学号,姓名,学院,班级,楼栋,房间\n${studentNo},陈新,计算机学院,计科2301,${a.name},${roomA.number}\n`;
  const fileID = (await sdkFor(app.emu).uploadFile({ cloudPath: `user/${adminOpenid}/imports/seed${tag}.csv`, fileContent: Buffer.from(csv) })).fileID as string;
  const jobId = `import-seed${tag}`;
  const change: ChangeDoc = {
    seq: 0, kind: 'added', row: 2, subject: studentNo, name: '陈新', before: null,
    after: { name: '陈新', college: '计算机学院', className: '计科2301', room: `${a.name} ${roomA.number}` },
    ids: { rosterId: `rs-${studentNo}`, buildingId: a._id, roomId: roomA._id }, data: { studentNo, name: '陈新', college: '计算机学院', className: '计科2301' },
  };
  const planFileID = (await sdkFor(app.emu).uploadFile({ cloudPath: `imports/${adminOpenid}/${jobId}.plan.json`, fileContent: Buffer.from(JSON.stringify([change])) })).fileID as string;
  const job: ImportJobDoc = {
    _id: jobId, kind: 'students', full: false, fileID, planFileID, fileName: 'seed.csv', createdBy: adminOpenid, createdAt: new Date(), rows: 1, headerRow: 1, collapsed: 0,
    errors: [], errorCount: 0, counts: { added: 1, changed: 0, moved: 0, left: 0, roomCreated: 0, buildingCreated: 0, unchanged: 0 }, total: 1, applied: 0, chunks: 0,
    status: 'previewed', finishedAt: null,
  };
  await app.insert('roster_imports', job);
  return { fileID, jobId };
}
