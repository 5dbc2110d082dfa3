import { startApp, type App } from './harness';

/** The nightly sweep: expired rate-limit counters and activity codes go; live ones stay. */
let app: App;
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

beforeAll(async () => {
  app = await startApp();
  await app.insert('users', { _id: 'u-admin', openid: 'o-admin', role: 'admin', name: '管理员', rosterId: null, memberId: null, buildingIds: [], createdAt: new Date(), updatedAt: new Date() });
});
afterAll(() => app.stop());

async function seedCounters() {
  await app.insert('rate_limits', [
    // Token buckets: `refilledAt` (ms) is when each is full again, i.e. as good as absent.
    { _id: `plaqueView:old-${Math.random()}`, bucket: 'plaqueView', refilledAt: ago(2 * HOUR).getTime() },
    { _id: `plaqueView:recent-${Math.random()}`, bucket: 'plaqueView', refilledAt: ago(10 * 60_000).getTime() },
    { _id: `plaqueView:live-${Math.random()}`, bucket: 'plaqueView', refilledAt: Date.now() + 5 * 60_000 },
    // A counter of the former fixed windows, left from before the change.
    { _id: `legacy-${Math.random()}`, count: 3, windowEnds: ago(2 * HOUR) },
  ]);
  await app.insert('activity_codes', [
    { _id: `OLD${Math.random()}`, activityId: 'a1', phase: 'in', expiresAt: ago(3 * HOUR) },
    { _id: `NEW${Math.random()}`, activityId: 'a1', phase: 'in', expiresAt: new Date(Date.now() + 30_000) },
  ]);
}
const count = async (coll: string) => (await app.db.collection(coll).count()).total;

describe('maintenance', () => {
  it('an admin sweep deletes what expired over an hour ago and keeps the rest', async () => {
    await seedCounters();
    const [limits, codes] = [await count('rate_limits'), await count('activity_codes')];
    const reply = await app.call('o-admin', 'maintenance', 'sweep', {});
    expect(reply).toEqual({ ok: true, data: { rateLimits: 2, activityCodes: 1, exports: 0, importFiles: 0, fileDeletions: 0 } });
    expect([await count('rate_limits'), await count('activity_codes')]).toEqual([limits - 2, codes - 1]);
    // One remove per index range: token buckets, old fixed-window counters, activity codes.
    expect(app.meterOf(reply.invocationId)).toMatchObject({ writes: 3 });
  });

  it('runs from the timer trigger, which carries no user identity', async () => {
    await seedCounters();
    const result = await app.emu.functions.invoke('maintenance', { Type: 'Timer', TriggerName: 'nightly-sweep', Time: new Date().toISOString() });
    expect(result).toMatchObject({ ok: true, result: { ok: true, data: { rateLimits: 2, activityCodes: 1, exports: 0, importFiles: 0, fileDeletions: 0 } } });
  });

  it('sweeps by the clock the local CloudBase gives the function, not the wall clock', async () => {
    await seedCounters();
    const codes = await count('activity_codes');
    // Two hours on, the codes that are live now have been expired for over an hour: they go too.
    app.emu.clock.advance(2 * HOUR);
    try {
      const reply = await app.call('o-admin', 'maintenance', 'sweep', {});
      expect(reply).toMatchObject({ ok: true, data: { activityCodes: codes } });
      expect(await count('activity_codes')).toBe(0);
    } finally {
      app.emu.clock.reset();
    }
  });

  it('a user cannot fake the timer: with a WeChat identity a timer-shaped event is just a bad request', async () => {
    await seedCounters();
    const before = await count('rate_limits');
    const result = await app.emu.functions.invoke('maintenance', { Type: 'Timer' }, { openid: 'o-someone' });
    expect(result).toMatchObject({ ok: true, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(await count('rate_limits')).toBe(before);
  });
});

describe('the nightly trigger (config.json: "0 0 3 * * * *")', () => {
  /** China wall time (UTC+8). */
  const cn = (wall: string) => new Date(`${wall.replace(' ', 'T')}+08:00`);
  let timed: App;
  beforeAll(async () => {
    timed = await startApp({ triggers: true });
  });
  afterAll(() => timed.stop());

  it('sweeps an expired activity code when the functions clock passes 03:00 China time', async () => {
    await timed.insert('activity_codes', [
      // At 03:00 this one expired two hours ago (past the hour of grace); the other only half an hour ago.
      { _id: 'EXPIRED', activityId: 'a1', phase: 'in', expiresAt: cn('2026-11-19 01:00:00') },
      { _id: 'RECENT', activityId: 'a1', phase: 'in', expiresAt: cn('2026-11-19 02:30:00') },
    ]);
    timed.emu.clock.set(cn('2026-11-19 02:59:58'));
    const ids = async () => (await timed.db.collection('activity_codes').get()).data.map((d: { _id: string }) => d._id);
    // A bounded wait of real time for the schedule to come round; nothing asserts how soon.
    const until = Date.now() + 30_000;
    while ((await ids()).includes('EXPIRED') && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await ids()).toEqual(['RECENT']);
    // Other functions' triggers (checkin's) are listed too; this is the maintenance one.
    expect(timed.emu.triggers.list().filter((t) => t.functionName === 'maintenance')).toEqual([
      expect.objectContaining({ functionName: 'maintenance', name: 'nightly-sweep', lastFired: cn('2026-11-19 03:00:00'), next: cn('2026-11-20 03:00:00') }),
    ]);
  });

  it('fires on demand: the sweep runs by the clock the function sees', async () => {
    await timed.insert('activity_codes', { _id: 'LATER', activityId: 'a1', phase: 'in', expiresAt: cn('2026-11-25 08:00:00') });
    timed.emu.clock.set(cn('2026-11-25 09:30:00'));
    const result = await timed.emu.triggers.fire('maintenance', 'nightly-sweep');
    // RECENT expired days ago, LATER an hour and a half ago: both go.
    expect(result).toMatchObject({ ok: true, result: { ok: true, data: { activityCodes: 2 } } });
  });
});
