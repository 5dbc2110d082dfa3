import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { termOf } from '../../src/shared/domain/term';
import { signInAs, startSite, type Site } from './harness';

/**
 * The volunteer-hours journey (issue 4), in a real browser on the real h5 build with demo data: a
 * member logs a 2-hour service with a photo through the form and submits it; the counselor of their
 * building approves only 1.5 hours with a comment; the member sees 1.5 approved hours and the review
 * notice in the local outbox; the room's plaque shows the member's term hours up by exactly 1.5.
 * Every field, including the Taro h5 picker wheels, is driven through the UI.
 */
let site: Site;
let tmpDir: string;

const CST_MS = 8 * 3600 * 1000;
const cstDate = (d: Date) => new Date(d.getTime() + CST_MS).toISOString().slice(0, 10);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

interface Target {
  code: string;
  memberId: string;
  memberName: string;
  memberOpenid: string;
  counselorOpenid: string;
  hoursBefore: number;
}

async function pickTarget(termKey: string): Promise<Target> {
  const db = site.server.db;
  const { data: users } = await db.collection('users').where({ role: 'member' }).limit(100).get();
  for (const user of users) {
    if (!user.memberId) continue;
    const { data: [member] } = await db.collection('members').doc(user.memberId).get();
    if (!member?.consent?.public) continue;
    const { data: [room] } = await db.collection('rooms').doc(member.roomId).get();
    if (!room?.plaqueCode) continue;
    const { data: counselors } = await db.collection('users').where({ role: 'counselor', buildingIds: member.buildingId }).limit(1).get();
    if (!counselors.length) continue;
    return {
      code: room.plaqueCode,
      memberId: member._id,
      memberName: member.name,
      memberOpenid: user.openid,
      counselorOpenid: counselors[0].openid,
      hoursBefore: Number(member.hours?.[termKey] ?? 0),
    };
  }
  throw new Error('no bound, consenting member with a counselor in the demo data');
}

/** A date and a 2-hour slot that is in the past, in this term, and free among the member's entries. */
async function pickSlot(memberId: string, termKey: string): Promise<{ date: string; start: string; end: string }> {
  const now = site.now();
  const yesterday = new Date(now.getTime() - 86_400_000);
  // Yesterday (always fully past) unless that falls in the previous term, then today.
  const day = termOf(yesterday).key === termKey ? yesterday : now;
  const date = cstDate(day);
  const { data: entries } = await site.server.db.collection('volunteer_entries').where({ memberId, date }).limit(100).get();
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const nowMin = date === cstDate(now) ? toMin(new Date(now.getTime() + CST_MS).toISOString().slice(11, 16)) : 24 * 60;
  const slots = ['19:00', '08:00', '10:00', '14:00', '16:00', '21:00', '06:00', '00:00', '02:00', '04:00'];
  for (const start of slots) {
    const s = toMin(start);
    const e = s + 120;
    if (e > nowMin) continue;
    if (entries.some((x: { start: string; end: string }) => s < toMin(x.end) && toMin(x.start) < e)) continue;
    const end = `${String(e / 60).padStart(2, '0')}:00`;
    return { date, start, end };
  }
  throw new Error(`no free past 2-hour slot on ${date} for the member (it is very early in the day in China)`);
}

/** Polls until the condition holds or the time is up (the caller's assertion then says what is wrong). */
async function until(cond: () => Promise<boolean>, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// --- Taro h5 pickers (taro-picker-core): a bottom sheet of wheels appended to <body> ---
const TOP = 102; // the wheel's offset of item 0 (Taro's picker constants)
const LINE = 34; // one item's height
/** A shown sheet (hidden ones carry display: none; the overlay itself has no box, so :visible does not apply). */
const OPEN_SHEET = '.weui-picker__overlay:not([style*="display: none"])';

/** Opens the picker whose trigger this is and returns its (visible) sheet. */
async function openPicker(page: Page, trigger: Locator): Promise<Locator> {
  await page.locator(OPEN_SHEET).first().waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
  await trigger.click();
  const sheet = page.locator(OPEN_SHEET);
  await sheet.waitFor({ state: 'attached' });
  return sheet;
}

/** Turns one wheel to the item with this text by dragging it with the mouse, as a user would. */
async function turnWheel(page: Page, sheet: Locator, column: number, text: string, fromIndex = 0) {
  const group = sheet.locator('taro-picker-group').nth(column);
  const items = await group.locator('.weui-picker__item').allInnerTexts();
  const target = items.map((s) => s.trim()).indexOf(text, fromIndex);
  if (target < 0) throw new Error(`picker column ${column} has no "${text}" (${items.join(',')})`);
  const current = () =>
    group.locator('.weui-picker__content').evaluate((el, [top, line]) => {
      const m = /translate3d\([^,]+,\s*(-?[\d.]+)px/.exec((el as HTMLElement).style.transform);
      return m ? Math.round((top - Number(m[1])) / line) : NaN;
    }, [TOP, LINE] as const);
  for (let i = 0; i < 40; i++) {
    const at = await current();
    if (at === target) return;
    // At most 3 lines per drag so the pointer stays over the wheel (leaving it ends the drag).
    const lines = Math.max(-3, Math.min(3, at - target));
    const box = (await group.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y + lines * LINE, { steps: 6 });
    await page.mouse.up();
    await until(async () => (await current()) !== at, 2000);
  }
  throw new Error(`could not turn picker column ${column} to "${text}"`);
}

async function confirmPicker(page: Page, sheet: Locator) {
  await sheet.getByText('确定', { exact: true }).click();
  await page.locator(OPEN_SHEET).waitFor({ state: 'detached' });
}

async function pickTime(page: Page, id: string, time: string) {
  const sheet = await openPicker(page, page.locator(`#${id} .field__picker`));
  // The wheels carry 4 wrap-around items before 00: look from index 4.
  await turnWheel(page, sheet, 0, time.slice(0, 2), 4);
  await turnWheel(page, sheet, 1, time.slice(3, 5), 4);
  await confirmPicker(page, sheet);
  await page.locator(`#${id} .field__picker`, { hasText: time }).waitFor();
}

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  site = await startSite();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-photo-'));
});
afterAll(async () => {
  await site?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('journey: log volunteer hours, counselor approves fewer, member notified, plaque updated', () => {
  it('runs end to end', async () => {
    const termKey = termOf(site.now()).key;
    const t = await pickTarget(termKey);
    const slot = await pickSlot(t.memberId, termKey);
    const [y, m, d] = slot.date.split('-');
    const title = `楼道垃圾清运${Date.now() % 10000}`;
    const place = '智园1号楼3层';
    const comment = '照片只能证明一个半小时';
    const photo = path.join(tmpDir, 'evidence.png');
    fs.writeFileSync(photo, PNG);

    // (1) The member fills the log form and submits it.
    const member = await site.newPage();
    await signInAs(site, member, t.memberOpenid);
    await member.goto(`${site.server.url}#/member/log/index`);
    await member.locator('input[placeholder="参加了什么志愿服务"]').fill(title);

    let sheet = await openPicker(member, member.locator('#category .field__picker'));
    await turnWheel(member, sheet, 0, '环境卫生');
    await confirmPicker(member, sheet);
    await member.locator('#category .field__picker', { hasText: '环境卫生' }).waitFor();

    sheet = await openPicker(member, member.locator('#date .field__picker'));
    await turnWheel(member, sheet, 0, `${y}年`);
    await turnWheel(member, sheet, 1, `${m}月`);
    await turnWheel(member, sheet, 2, `${d}日`);
    await confirmPicker(member, sheet);
    await member.locator('#date .field__picker', { hasText: slot.date }).waitFor();

    await pickTime(member, 'start', slot.start);
    await pickTime(member, 'end', slot.end);
    await member.getByText('共 2 小时', { exact: false }).waitFor();

    await member.locator('input[placeholder="例如：智园1号楼3层"]').fill(place);
    await member.locator('textarea').first().fill('清运楼道堆放的纸箱和垃圾');

    const chooser = member.waitForEvent('filechooser');
    await member.locator('.photo--add').click();
    await (await chooser).setFiles(photo);
    // Uploaded: the photo shows with its remove button.
    await member.locator('.photo__remove').waitFor();
    expect(await member.locator('.photo__remove').count()).toBe(1);

    await member.getByText('提交审核', { exact: true }).click();
    await member.getByText('已提交，等待辅导员审核').waitFor();
    await member.getByText('待审核', { exact: true }).waitFor();

    await member.goto(`${site.server.url}#/member/hours/index`);
    // The entry's own card (the outbox card will name the title too).
    const entryCard = member.locator('.card', { has: member.locator('.member__hours'), hasText: title });
    const pendingCard = entryCard;
    await pendingCard.getByText('待审核', { exact: true }).waitFor();
    await pendingCard.getByText('申报 2 小时').waitFor();

    // (2) The counselor approves 1.5 of the 2 hours, with a comment.
    const counselor = await site.newPage();
    await signInAs(site, counselor, t.counselorOpenid);
    await counselor.goto(`${site.server.url}#/counselor/review/index`);
    const card = counselor.locator('.card', { hasText: title });
    await card.waitFor();
    await card.getByText(`${t.memberName} · 2小时`).waitFor();
    await card.getByText(`${slot.date} ${slot.start}-${slot.end} · ${place}`).waitFor();
    expect(await card.locator('.photo').count()).toBe(1);
    await card.getByText('通过', { exact: true }).click();
    await counselor.getByText('认定时长（申报 2 小时，留空为全部认定）').waitFor();
    await counselor.locator('input[placeholder="2"]').fill('1.5');
    await counselor.locator('textarea[placeholder="例如：请补充现场照片"]').fill(comment);
    await counselor.getByText('确认通过', { exact: true }).click();
    await counselor.locator('.card', { hasText: title }).waitFor({ state: 'detached' });

    // (3) The member sees 1.5 approved hours and the review notice.
    await member.reload();
    const approvedCard = entryCard;
    await approvedCard.getByText('已通过', { exact: true }).waitFor();
    await approvedCard.getByText('申报 2 小时，认定 1.5 小时').waitFor();
    await approvedCard.getByText(`审核意见：${comment}`).waitFor();
    const progress = member.locator('.card', { hasText: '已认定的志愿时长' });
    const termTotal = progress.locator('.stats').first().locator('.stat__n').first();
    await until(async () => (await termTotal.innerText()) === fmt(t.hoursBefore + 1.5));
    expect(await termTotal.innerText()).toBe(fmt(t.hoursBefore + 1.5));
    const outbox = member.locator('.card', { hasText: '本地演示：模拟的微信订阅消息' });
    await outbox.getByText(title, { exact: false }).waitFor();
    const notice = await outbox.locator('.list-item', { hasText: title }).innerText();
    expect(notice).toContain('已通过');
    expect(notice).toContain('1.5小时（申报2小时）');
    expect(notice).toContain(comment);

    // (4) The room's plaque shows the member's term hours up by exactly 1.5.
    const visitor = await site.newPage();
    await visitor.goto(`${site.server.url}#/pages/plaque/index?scene=${t.code}`);
    const memberCard = visitor.locator('.card', { has: visitor.locator('.member__name', { hasText: t.memberName }) }).first();
    await memberCard.waitFor();
    await until(async () => (await memberCard.locator('.member__hours-n').innerText()) === fmt(t.hoursBefore + 1.5));
    expect(await memberCard.locator('.member__hours-n').innerText()).toBe(fmt(t.hoursBefore + 1.5));
    await memberCard.getByText(`本学期志愿服务 ${fmt(t.hoursBefore + 1.5)} 小时`).waitFor();
    const { data: [after] } = await site.server.db.collection('members').doc(t.memberId).get();
    expect(after.hours[termKey]).toBe(t.hoursBefore + 1.5);
  });
});
