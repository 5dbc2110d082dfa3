import { sdkFor } from 'cloudbase-local/testing';
import { IMPORT_FILES_LIFE_DAYS } from '../../src/shared/domain/roster-import';
import { buildBuilding, buildRoom, buildUser } from './builders';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';

/**
 * An import's files hold names and student numbers (PIPL: kept no longer than needed): the uploaded
 * sheet and the stored plan go IMPORT_FILES_LIFE_DAYS after the preview, by the nightly sweep; the job
 * keeps its summary and says why its diff is gone. A younger job keeps its files.
 */
let app: App;
const DAY = 24 * 60 * 60 * 1000;
const a = buildBuilding({ name: '智园1号楼', floors: 6 });
const admin = buildUser({ role: 'admin', name: '管理员' });

beforeAll(async () => {
  app = await startApp();
  app.emu.clock.set(new Date('2026-10-01T02:00:00Z'));
  await app.insert('buildings', a);
  await app.insert('rooms', buildRoom({ buildingId: a._id, number: '301', floor: 3 }));
  await app.insert('users', admin);
});
afterAll(() => app?.stop());

let n = 0;
async function previewFile(): Promise<{ jobId: string; fileID: string }> {
  n += 1;
  const csv = `学号,姓名,学院,班级,楼栋,房间\r\n20230101${n}0,李雷,计算机学院,计科2301,智园1号楼,301\r\n`;
  const { fileID } = (await sdkFor(app.emu).uploadFile({ cloudPath: `user/${admin.openid}/imports/f${n}.csv`, fileContent: Buffer.from(csv) })) as { fileID: string };
  const reply = await app.call(admin.openid, 'roster', 'preview', { kind: 'students', fileID, fileName: `f${n}.csv`, full: false });
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return { jobId: reply.data.jobId, fileID };
}

const exists = async (fileID: string) => {
  const { fileList } = await sdkFor(app.emu).getTempFileURL({ fileList: [fileID] });
  return fileList[0].code === 'SUCCESS';
};

it(`deletes an import's sheet and plan ${IMPORT_FILES_LIFE_DAYS} days after its preview, and the job says why`, async () => {
  const old = await previewFile();
  const job = (await app.db.collection('roster_imports').doc(old.jobId).get()).data[0];
  expect(job.planFileID).toBeTruthy();
  expect([await exists(old.fileID), await exists(job.planFileID)]).toEqual([true, true]);

  app.emu.clock.advance(IMPORT_FILES_LIFE_DAYS * DAY - DAY);
  const young = await previewFile();
  // A day short of the life: nothing goes.
  let swept = await app.call(admin.openid, 'maintenance', 'sweep', {});
  expect(swept).toMatchObject({ ok: true, data: { importFiles: 0 } });
  expect(await exists(old.fileID)).toBe(true);

  app.emu.clock.advance(DAY + 60_000);
  swept = await app.call(admin.openid, 'maintenance', 'sweep', {});
  expect(swept).toMatchObject({ ok: true, data: { importFiles: 1 } });
  expectIndexServed(app, swept.invocationId);
  expect([await exists(old.fileID), await exists(job.planFileID)]).toEqual([false, false]);
  const after = (await app.db.collection('roster_imports').doc(old.jobId).get()).data[0];
  expect(after).toMatchObject({ rows: job.rows, counts: job.counts, filesDeletedAt: expect.anything() });
  for (const action of ['apply', 'changes'] as const) {
    const reply = await app.call(admin.openid, 'roster', action, { jobId: old.jobId });
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining(`已在预览${IMPORT_FILES_LIFE_DAYS}天后删除`) } });
  }
  // The younger job keeps its files and still applies; the next sweep has nothing left to do.
  expect(await exists(young.fileID)).toBe(true);
  expect(await app.call(admin.openid, 'roster', 'apply', { jobId: young.jobId })).toMatchObject({ ok: true, data: { status: 'done' } });
  expect(await app.call(admin.openid, 'maintenance', 'sweep', {})).toMatchObject({ ok: true, data: { importFiles: 0 } });
});
