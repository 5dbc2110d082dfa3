import jsQR from 'jsqr';
import { PLAQUE_PAGE } from '../../src/shared/domain/plaque-code';
import { groupedPlaqueCode, PLAQUE_PRINT_PART_ROOMS, PLAQUE_SLOGAN } from '../../src/shared/domain/plaque-print';
import type { RoomDoc } from '../../cloudfunctions/_common/docs';
import { buildBuilding, buildMember, buildRoom, buildUser, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';
import { pdfImages, pdfText } from './pdf-reading';

/**
 * Printed door cards (issue 12 point 4) through the local CloudBase: an admin prints a building's
 * cards as a PDF; its text carries the building, every room, the line and the code as typed, and its
 * images decode to each room's mini-program code (the local stand-in of wxacode.getUnlimited draws a
 * plain QR of the page and scene). Only rooms with consenting members, when asked. A bulk reissue
 * retires every code of the building, chunk by chunk, and the reprint carries the new codes.
 */
let app: App;
let firstPrint: { fileID: string | null };
const building = buildBuilding({ name: '智园3号楼' });
const other = buildBuilding({ name: '智园4号楼' });
// 3 floors x 10 rooms: more than one reissue chunk (25).
const rooms: RoomDoc[] = [];
for (let floor = 1; floor <= 3; floor++) for (let n = 1; n <= 10; n++) rooms.push(buildRoom({ buildingId: building._id, floor, number: `${floor}${String(n).padStart(2, '0')}` }));
const otherRoom = buildRoom({ buildingId: other._id, floor: 1, number: '101' });
// A building larger than a part: 15 floors of 21 rooms, no consenting member (so parts print no card, cheaply).
const tall = buildBuilding({ name: '智园6号楼', floors: 15 });
const tallRooms: RoomDoc[] = [];
for (let floor = 1; floor <= 15; floor++) for (let n = 1; n <= 21; n++) tallRooms.push(buildRoom({ buildingId: tall._id, floor, number: `${floor}${String(n).padStart(2, '0')}` }));
// A small building for the card sizes: 3 rooms.
const small = buildBuilding({ name: '智园5号楼' });
const smallRooms = ['101', '102', '201'].map((number) => buildRoom({ buildingId: small._id, floor: Number(number[0]), number }));
const at = (number: string) => rooms.find((r) => r.number === number)!;

const inRoom = (number: string, o: Parameters<typeof buildMember>[0] = {}) =>
  buildMember({ buildingId: building._id, buildingName: building.name, roomId: at(number)._id, roomNumber: number, floor: at(number).floor, ...o });
const members = [
  inRoom('101', { name: '公示党员' }),
  inRoom('102', { name: '未同意公示', consent: { public: false, changedAt: null } }),
  inRoom('103', { name: '已离校', leftAt: new Date('2026-07-01T00:00:00+08:00') }),
  // Lives in the other building and looks after 205 here (联系党员): 205 shows someone.
  buildMember({ name: '联系党员', buildingId: other._id, buildingName: other.name, roomId: otherRoom._id, roomNumber: '101', floor: 1, linkedRoomIds: [at('205')._id] }),
];

const admin = buildUser({ role: 'admin', openid: 'print-admin' });
const counselor = buildUser({ role: 'counselor', openid: 'print-counselor', buildingIds: [building._id] });
const elsewhere = buildUser({ role: 'counselor', openid: 'print-elsewhere', buildingIds: [other._id] });

const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

/** Every QR among the PDF's images, decoded. */
function qrTexts(pdf: Buffer): string[] {
  return pdfImages(pdf).flatMap((img) => {
    const found = jsQR(img.rgba, img.width, img.height);
    return found ? [found.data] : [];
  });
}
const opens = (code: string) => `${PLAQUE_PAGE}?scene=${code}`;

type PrintReply = { fileID: string | null; url: string | null; cards: number; pages: number; bytes: number; floors: { from: number; to: number } | null; nextCursor: string | null };
async function print(openid: string, input: Record<string, unknown>): Promise<PrintReply & { pdf: Buffer }> {
  const reply = await app.call(openid, 'plaque', 'printBuilding', input);
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  expectIndexServed(app, reply.invocationId);
  const data = reply.data as PrintReply;
  return { ...data, pdf: data.url ? await download(data.url) : Buffer.alloc(0) };
}

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [building, other, small, tall]);
  await app.insert('rooms', [...rooms, otherRoom, ...smallRooms, ...tallRooms]);
  await app.insert('plaques', [...rooms.map((r) => plaqueFor(r, building)), plaqueFor(otherRoom, other), ...smallRooms.map((r) => plaqueFor(r, small))]);
  await app.insert('members', members);
  await app.insert('users', [admin, counselor, elsewhere]);
});
afterAll(() => app.stop());

describe('plaque.printBuilding', () => {
  it("prints every room's card: building, room, the line, the code to type and a mini-program code that opens the room", async () => {
    const printed = await print(admin.openid, { buildingId: building._id, size: 'a6' });
    firstPrint = printed;
    expect(printed).toMatchObject({ cards: 30, pages: 8, nextCursor: null, floors: { from: 1, to: 3 } });
    expect(printed.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(printed.bytes).toBe(printed.pdf.length);

    const { text, pages } = await pdfText(printed.pdf);
    expect(pages).toBe(8);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(building.name);
    expect(flat).toContain(PLAQUE_SLOGAN);
    for (const room of rooms) {
      expect(flat).toContain(`${room.number}室`);
      expect(flat).toContain(groupedPlaqueCode(room.plaqueCode));
    }
    expect(qrTexts(printed.pdf).sort()).toEqual(rooms.map((r) => opens(r.plaqueCode)).sort());
    // Each code came from WeChat's getUnlimited (the local stand-in here), with the room's code as scene.
    const asked = app.emu.wx.calls.filter((c) => c.apiName === 'wxacode.getUnlimited').map((c) => (c.request as { scene: string }).scene);
    expect(asked).toEqual(expect.arrayContaining(rooms.map((r) => r.plaqueCode)));
  });

  it('only rooms with consenting members when asked: not the unconsenting one, not one whose member left; a linked member counts', async () => {
    const printed = await print(counselor.openid, { buildingId: building._id, rooms: 'consenting', size: 'a6' });
    expect(printed.cards).toBe(2);
    expect(qrTexts(printed.pdf).sort()).toEqual([opens(at('101').plaqueCode), opens(at('205').plaqueCode)].sort());
    const { text } = await pdfText(printed.pdf);
    expect(text).toContain('101室');
    expect(text).toContain('205室');
    for (const n of ['102', '103', '104']) expect(text).not.toContain(`${n}室`);
  });

  it.each([
    ['card', 1, 280],
    ['a5', 2, 430],
    ['a6', 1, 430],
  ])('lays 3 rooms of %s cards out on %i A4 sheet(s), asking WeChat for %i-pixel codes', async (size, sheets, width) => {
    const before = app.emu.wx.calls.length;
    const printed = await print(admin.openid, { buildingId: small._id, size });
    expect(printed).toMatchObject({ cards: 3, pages: sheets });
    // The small card's code is printed 40 mm wide: WeChat's smallest code is plenty and keeps the PDF small.
    const asked = app.emu.wx.calls.slice(before).filter((c) => c.apiName === 'wxacode.getUnlimited');
    expect(asked.map((c) => (c.request as { width?: number }).width)).toEqual([width, width, width]);
    // One embedded subset of the CJK font per document (the font is read once per instance and shared).
    expect(printed.pdf.toString('latin1').match(/\/FontFile/g)).toHaveLength(1);
    const { text, pages } = await pdfText(printed.pdf);
    expect(pages).toBe(sheets);
    for (const room of smallRooms) expect(text.replace(/\s+/g, ' ')).toContain(groupedPlaqueCode(room.plaqueCode));
  });

  it("stores the file as the caller's export: a short-lived URL for them, no client read for anyone, audited", async () => {
    const fileID = firstPrint.fileID!;
    expect(fileID).toContain(`/exports/${admin.openid}/plaques-${building._id}-`);
    const res = await fetch(`${app.emu.url}/client/storage/temp-urls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.emu.sessions.signIn({ openid: elsewhere.openid, source: 'wx_client' })}` },
      body: JSON.stringify({ fileList: [fileID] }),
    });
    expect(((await res.json()) as { fileList: unknown[] }).fileList[0]).toMatchObject({ status: -503002 });
    const { data } = await app.db.collection('audit').where({ action: 'plaque.printBuilding', actorOpenid: admin.openid }).get();
    expect(data.some((a: { after: { fileID: string; cards: number } }) => a.after.fileID === fileID && a.after.cards === 30)).toBe(true);
  });

  it('once the page has downloaded the PDF it deletes the stored file (volunteer.finishExport, creator only)', async () => {
    const printed = await print(counselor.openid, { buildingId: building._id, rooms: 'consenting', size: 'card' });
    const fileID = printed.fileID!;
    expect(printed.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await app.call(admin.openid, 'volunteer', 'finishExport', { fileID })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(counselor.openid, 'volunteer', 'finishExport', { fileID })).toEqual({ ok: true, data: { done: true } });
    expect((await fetch(printed.url!)).status).toBe(404);
    expect((await app.db.collection('exports').where({ fileID }).get()).data).toEqual([]);
  });

  it(`comes in parts of at most ${PLAQUE_PRINT_PART_ROOMS} rooms that end at a floor, each continuing where the last ended`, async () => {
    const first = await print(admin.openid, { buildingId: tall._id, rooms: 'consenting' });
    // A 300-room building is one part (the bench's 12 floors of 25); the 300th room here is on floor 15,
    // which goes on: the part ends after floor 14.
    expect(PLAQUE_PRINT_PART_ROOMS).toBe(300);
    expect(first).toMatchObject({ fileID: null, cards: 0, floors: { from: 1, to: 14 }, nextCursor: expect.any(String) });
    const second = await print(admin.openid, { buildingId: tall._id, rooms: 'consenting', cursor: first.nextCursor });
    expect(second).toMatchObject({ fileID: null, cards: 0, floors: { from: 15, to: 15 }, nextCursor: null });
    // A cursor is for its building only.
    expect(await app.call(admin.openid, 'plaque', 'printBuilding', { buildingId: building._id, cursor: first.nextCursor! })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it("answers FORBIDDEN for a counselor's other building, NOT_FOUND for an unknown one, and refuses a forged cursor", async () => {
    expect(await app.call(elsewhere.openid, 'plaque', 'printBuilding', { buildingId: building._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(admin.openid, 'plaque', 'printBuilding', { buildingId: 'b-nowhere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(admin.openid, 'plaque', 'printBuilding', { buildingId: building._id, cursor: 'eyJiIjoxfQ.0000000000000000' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('plaque.reissueBuilding', () => {
  it('retires every code of the building in chunks, audited; old codes answer CODE_RETIRED; the reprint carries the new codes', async () => {
    expect(await app.call(counselor.openid, 'plaque', 'reissueBuilding', { buildingId: building._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const chunks: number[] = [];
    let cursor: string | undefined;
    do {
      const reply = await app.call(admin.openid, 'plaque', 'reissueBuilding', { buildingId: building._id, ...(cursor ? { cursor } : {}) });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      expectIndexServed(app, reply.invocationId);
      chunks.push(reply.data.reissued);
      cursor = reply.data.nextCursor ?? undefined;
    } while (cursor);
    expect(chunks).toEqual([25, 5]);

    for (const room of rooms.slice(0, 3)) {
      expect(await app.call('print-scanner', 'plaque', 'view', { code: room.plaqueCode })).toMatchObject({ ok: false, error: { code: 'CODE_RETIRED' } });
    }
    const { data: stored } = await app.db.collection('rooms').where({ buildingId: building._id }).limit(100).get();
    const fresh = new Map((stored as RoomDoc[]).map((r) => [r._id, r.plaqueCode]));
    for (const room of rooms) expect(fresh.get(room._id)).not.toBe(room.plaqueCode);
    const view = await app.call('print-scanner', 'plaque', 'view', { code: fresh.get(at('101')._id) });
    expect(view).toMatchObject({ ok: true, data: { room: { number: '101' } } });
    // The other building keeps its code.
    expect(await app.call('print-scanner', 'plaque', 'view', { code: otherRoom.plaqueCode })).toMatchObject({ ok: true });

    const { data: audits } = await app.db.collection('audit').where({ action: 'plaque.reissueBuilding' }).get();
    expect(audits).toHaveLength(2);
    const before = Object.assign({}, ...audits.map((a: { before: { codes: Record<string, string> } }) => a.before.codes));
    const after = Object.assign({}, ...audits.map((a: { after: { codes: Record<string, string> } }) => a.after.codes));
    for (const room of rooms) {
      expect(before[room._id]).toBe(room.plaqueCode);
      expect(after[room._id]).toBe(fresh.get(room._id));
    }

    const reprint = await print(admin.openid, { buildingId: building._id, size: 'a6' });
    expect(qrTexts(reprint.pdf).sort()).toEqual(rooms.map((r) => opens(fresh.get(r._id)!)).sort());
    const flat = (await pdfText(reprint.pdf)).text.replace(/\s+/g, ' ');
    for (const room of rooms) {
      expect(flat).toContain(groupedPlaqueCode(fresh.get(room._id)!));
      expect(flat).not.toContain(groupedPlaqueCode(room.plaqueCode));
    }
  });

  it('a retried chunk (the same cursor again) reissues nothing twice', async () => {
    const first = await app.call(admin.openid, 'plaque', 'reissueBuilding', { buildingId: building._id });
    if (!first.ok) throw new Error(JSON.stringify(first));
    const codes = async () => new Map(((await app.db.collection('rooms').where({ buildingId: building._id }).limit(100).get()).data as RoomDoc[]).map((r) => [r._id, r.plaqueCode]));
    const afterFirst = await codes();
    // Start the run over without the cursor's start time: a new run reissues again, by design; with it, nothing.
    const again = await app.call(admin.openid, 'plaque', 'reissueBuilding', { buildingId: building._id, cursor: first.data.nextCursor! });
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect(again.data.reissued).toBe(5);
    const repeat = await app.call(admin.openid, 'plaque', 'reissueBuilding', { buildingId: building._id, cursor: first.data.nextCursor! });
    expect(repeat).toMatchObject({ ok: true, data: { reissued: 0, nextCursor: null } });
    const final = await codes();
    for (const room of rooms.slice(0, 25)) expect(final.get(room._id)).toBe(afterFirst.get(room._id));
  });
});
