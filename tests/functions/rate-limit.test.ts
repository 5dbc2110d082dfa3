import { RATE_LIMITS } from '../../src/shared/domain/rate-limits';
import { consume, consumePublic } from '../../cloudfunctions/_common/rate-limit';
import { buildBuilding, buildRoom, plaqueFor } from './builders';
import { startApp, type App } from './harness';

/**
 * Rate limits through the local CloudBase. Functions read the real clock, so the window-edge and
 * concurrency cases call the rate-limit module itself, through the real SDK, with explicit `now`.
 */
let app: App;
const limit = RATE_LIMITS.plaqueView;
const building = buildBuilding({ name: '智园3号楼' });
const room = buildRoom({ buildingId: building._id, number: '101', floor: 1 });
const user = (openid: string, role: string) => ({
  _id: `u-${openid}`, openid, role, name: role, rosterId: null, memberId: null, buildingIds: [building._id], createdAt: new Date(), updatedAt: new Date(),
});

beforeAll(async () => {
  app = await startApp();
  Object.assign(process.env, app.emu.sdkEnv());
  await app.insert('buildings', building);
  await app.insert('rooms', room);
  await app.insert('plaques', plaqueFor(room, building));
  await app.insert('users', [user('o-counselor', 'counselor'), user('o-student', 'student')]);
});
afterAll(() => app.stop());

const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 8) + ms);
const allowed = (results: Array<{ ok: boolean }>) => results.filter((r) => r.ok).length;

describe('rate limits (token bucket)', () => {
  it('a burst just before a fixed window edge and one just after: the second is refused', async () => {
    // 10:00:00 is a 10-minute edge: 30 calls in the 1.5 s before it, 30 in the 1.5 s after.
    const before = [];
    for (let i = 0; i < limit.limit; i += 1) before.push(await consume(limit, 'o-edge', at(-1500 + i * 50)));
    const after = [];
    for (let i = 0; i < limit.limit; i += 1) after.push(await consume(limit, 'o-edge', at(i * 50)));
    expect(allowed(before)).toBe(limit.limit);
    expect(allowed(after)).toBeLessThanOrEqual(1);
    // A token drips back every 20 s: 40 s later two calls pass, the third does not.
    const later = [await consume(limit, 'o-edge', at(41_500)), await consume(limit, 'o-edge', at(41_500)), await consume(limit, 'o-edge', at(41_500))];
    expect(later.map((r) => r.ok)).toEqual([true, true, false]);
  });

  it('N concurrent calls take exactly the limit, no more', async () => {
    const now = at(3_600_000);
    const results = await Promise.all(Array.from({ length: 60 }, () => consume(limit, 'o-race', now)));
    expect(allowed(results)).toBe(limit.limit);
    // Concurrently on a bucket that already exists and is partly used.
    const more = await Promise.all(Array.from({ length: 20 }, () => consume(RATE_LIMITS.wallView, 'o-race', now)));
    const rest = await Promise.all(Array.from({ length: 20 }, () => consume(RATE_LIMITS.wallView, 'o-race', new Date(now.getTime() + 1))));
    expect(allowed(more) + allowed(rest)).toBe(RATE_LIMITS.wallView.limit);
  });

  it('a refused call says when to retry, in the message and in the error body', async () => {
    const now = at(7_200_000);
    for (let i = 0; i < limit.limit; i += 1) await consume(limit, 'o-wait', now);
    const refused = await consume(limit, 'o-wait', now);
    expect(refused).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请20秒后再试', retryAfterSeconds: 20 } });
  });

  it('through plaque.view: a student is refused after the public limit with a retry time; staff go on to their own limit', async () => {
    const scan = (openid: string) => app.call(openid, 'plaque', 'view', { code: room.plaqueCode });
    const student = [];
    for (let i = 0; i < limit.limit + 1; i += 1) student.push(await scan('o-student'));
    expect(student.slice(0, limit.limit).every((r) => r.ok)).toBe(true);
    const last = student[limit.limit];
    expect(last).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    expect(!last.ok && last.error.message).toMatch(/^操作太频繁，请\d+(秒|分钟)后再试$/);

    const staff = [];
    for (let i = 0; i < limit.limit + 10; i += 1) staff.push(await scan('o-counselor'));
    expect(staff.every((r) => r.ok)).toBe(true);
    const cost = (r: { invocationId?: string }) => {
      const m = app.meterOf(r.invocationId)!;
      return `${m.reads} reads, ${m.writes} writes`;
    };
    console.log(
      `plaque.view database cost: first scan ${cost(student[0])}; next ${cost(student[1])}; refused ${cost(last)}; ` +
        `staff within the public limit ${cost(staff[1])}; staff past it ${cost(staff[staff.length - 1])}`,
    );
    // Past the public limit the counselor's role is read: still no more than three reads.
    expect(app.meterOf(staff[staff.length - 1].invocationId)!.reads).toBeLessThanOrEqual(3);
    // Within the public limit a view reads nothing but the plaque and the room's members.
    expect(app.meterOf(staff[0].invocationId)!.reads).toBeLessThanOrEqual(2);
    expect(RATE_LIMITS.plaqueViewStaff.limit).toBeGreaterThan(limit.limit);
  });

  it('through plaque.wall: staff go on past the public limit, a student does not', async () => {
    const wall = (openid: string) => app.call(openid, 'plaque', 'wall', { buildingId: building._id });
    const n = RATE_LIMITS.wallView.limit + 3;
    const [student, staff] = [[], []] as Array<Array<{ ok: boolean }>>;
    for (let i = 0; i < n; i += 1) {
      student.push(await wall('o-student'));
      staff.push(await wall('o-counselor'));
    }
    expect(allowed(student)).toBe(RATE_LIMITS.wallView.limit);
    expect(allowed(staff)).toBe(n);
  });

  it('a public view takes a few tokens ahead in one write: a student scanning doors pays one write per three scans, a single scan one write', async () => {
    const scan = (openid: string) => app.call(openid, 'plaque', 'view', { code: room.plaqueCode });
    const writes = (r: { invocationId?: string }) => app.meterOf(r.invocationId)!.writes;
    // One scan of a user with no bucket (new, or swept after an hour idle): one insert, no failed update first.
    expect(writes(await scan('o-once'))).toBe(1);
    const walk = [];
    for (let i = 0; i < 6; i += 1) walk.push(await scan('o-walker'));
    expect(walk.every((r) => r.ok)).toBe(true);
    expect(walk.map(writes)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('leases never admit more than the bucket: concurrent public calls take at most the limit, and at least half of it', async () => {
    const now = at(14_400_000);
    const limits = { public: limit, staff: RATE_LIMITS.plaqueViewStaff };
    const student = async () => 'student';
    const results = await Promise.all(Array.from({ length: 60 }, () => consumePublic(limits, 'o-lease-race', now, student)));
    expect(allowed(results)).toBeLessThanOrEqual(limit.limit);
    expect(allowed(results)).toBeGreaterThanOrEqual(limit.limit / 2);
    // Sequentially, one instance spends its leases: exactly the limit, then refused with a retry time.
    const later = new Date(now.getTime() + limit.windowMs * 2);
    const walk = [];
    for (let i = 0; i < limit.limit + 1; i += 1) walk.push(await consumePublic(limits, 'o-lease-walk', later, student));
    expect(allowed(walk)).toBe(limit.limit);
    expect(walk[limit.limit]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('staff have a limit too: past it they are refused with a retry time', async () => {
    const staffLimit = RATE_LIMITS.plaqueViewStaff;
    const now = at(10_800_000);
    for (let i = 0; i < staffLimit.limit; i += 1) await consume(staffLimit, 'o-busy', now);
    expect(await consume(staffLimit, 'o-busy', now)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterSeconds: 2 } });
  });
});
