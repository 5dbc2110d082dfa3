import path from 'node:path';
import { EmulatorClock } from '../src/clock';
import { CronError, nextFireTime, parseCron } from '../src/functions/cron';
import { TimerTriggers, type TimerEvent } from '../src/functions/triggers';
import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

const functionsDir = path.join(__dirname, 'fixtures', 'triggers');
/** A China wall time (UTC+8), e.g. `cn('2026-11-19 03:00:00')`. */
const cn = (wall: string) => new Date(`${wall.replace(' ', 'T')}+08:00`);
const next = (cron: string, after: string) => nextFireTime(parseCron(cron), cn(after));

/** Polls until `check` gives a value, for at most `ms` of real time; no assertion on how soon. */
async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`nothing after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('CloudBase cron (7 fields, China time)', () => {
  it.each([
    // [cron, after (China time), next (China time)]
    ['0 0 3 * * * *', '2026-11-19 02:59:58', '2026-11-19 03:00:00'],
    ['0 0 3 * * * *', '2026-11-19 03:00:00', '2026-11-20 03:00:00'],
    ['* * * * * * *', '2026-11-19 10:00:00', '2026-11-19 10:00:01'],
    ['*/15 * * * * * *', '2026-11-19 12:00:07', '2026-11-19 12:00:15'],
    ['5/20 * * * * * *', '2026-11-19 12:00:26', '2026-11-19 12:00:45'],
    ['5/20 * * * * * *', '2026-11-19 12:00:46', '2026-11-19 12:01:05'],
    ['0 10-30/10 * * * * *', '2026-11-19 12:30:00', '2026-11-19 13:10:00'],
    ['0 0 10,14,16 * * * *', '2026-11-19 10:00:00', '2026-11-19 14:00:00'],
    ['0 */30 9-17 * * * *', '2026-11-19 17:30:00', '2026-11-20 09:00:00'],
    // 2026-11-20 is a Friday: the next weekday 10:15 is Monday.
    ['0 15 10 * * MON-FRI *', '2026-11-20 11:00:00', '2026-11-23 10:15:00'],
    ['0 0 12 * * wed *', '2026-11-19 00:00:00', '2026-11-25 12:00:00'],
    // 0 is Sunday.
    ['0 0 12 * * 0 *', '2026-11-19 00:00:00', '2026-11-22 12:00:00'],
    ['0 0 12 * * 6 *', '2026-11-19 00:00:00', '2026-11-21 12:00:00'],
    // Both day fields given: a day matching either fires (13th, or any Friday).
    ['0 0 0 13 * FRI *', '2026-11-19 00:00:00', '2026-11-20 00:00:00'],
    ['0 0 0 13 * FRI *', '2026-12-11 00:00:00', '2026-12-13 00:00:00'],
    ['0 0 0 13 * ? *', '2026-11-19 00:00:00', '2026-12-13 00:00:00'],
    // Month and year ends.
    ['0 0 2 1 * * *', '2026-01-31 12:00:00', '2026-02-01 02:00:00'],
    ['0 0 0 1 1 * *', '2026-12-31 23:59:59', '2027-01-01 00:00:00'],
    ['59 59 23 31 12 * *', '2026-12-31 23:59:59', '2027-12-31 23:59:59'],
    ['0 0 0 31 * * *', '2026-04-01 00:00:00', '2026-05-31 00:00:00'],
    ['0 0 0 29 2 * *', '2026-03-01 00:00:00', '2028-02-29 00:00:00'],
    ['0 0 0 * jan,Jul * *', '2026-02-01 00:00:00', '2026-07-01 00:00:00'],
    ['0 0 8 1 SEP * 2027-2028', '2026-11-19 00:00:00', '2027-09-01 08:00:00'],
  ])('%s after %s fires at %s', (cron, after, expected) => {
    expect(next(cron, after)).toEqual(cn(expected));
  });

  it('fires at 03:00 China time, which is 19:00 UTC the day before', () => {
    expect(next('0 0 3 * * * *', '2026-11-19 00:00:00')?.toISOString()).toBe('2026-11-18T19:00:00.000Z');
  });

  it('never fires again past its years, or on a date that never comes', () => {
    expect(next('0 0 0 1 1 * 2026', '2026-01-01 00:00:00')).toBeUndefined();
    expect(next('0 0 0 30 2 * *', '2026-01-01 00:00:00')).toBeUndefined();
  });

  it.each([
    ['0 0 3 * * *', /needs 7 fields/],
    ['0 0 3 * * * * *', /needs 7 fields/],
    ['60 * * * * * *', /second field "60": 60 is outside 0-59/],
    ['0 0 24 * * * *', /hour field/],
    ['0 0 0 0 * * *', /day of month field/],
    ['0 0 0 * 13 * *', /month field/],
    ['0 0 0 * * 7 *', /day of week field "7": 7 is outside 0-6/],
    ['0 0 0 * * * 1969', /year field/],
    ['0 0 0 L * * *', /day of month field "L": "L" is not a number/],
    ['0 0 0 * * 5#2 *', /day of week field/],
    ['? * * * * * *', /second field "\?"/],
    ['*/0 * * * * * *', /step "0"/],
    ['0 0 5-1 * * * *', /runs backwards/],
    ['0 0 1,,2 * * * *', /is not a value/],
    ['0 0 FRI * * * *', /hour field "FRI"/],
  ])('refuses %s', (cron, why) => {
    expect(() => parseCron(cron)).toThrow(CronError);
    expect(() => parseCron(cron)).toThrow(why);
  });
});

describe('the scheduler', () => {
  /** A scheduler over the fixture functions whose calls are recorded instead of run. */
  function recording(clock: EmulatorClock) {
    const calls: Array<{ name: string; event: TimerEvent }> = [];
    const log: string[] = [];
    const triggers = new TimerTriggers({
      functionsDir,
      clock,
      invoke: async (name, event) => {
        calls.push({ name, event });
        return { ok: true, invocationId: `i-${calls.length}`, result: null };
      },
      log: (line) => log.push(line),
    });
    return { triggers, calls, log };
  }

  it('fires once at the scheduled instant of the functions clock, with the timer event', async () => {
    const clock = new EmulatorClock();
    clock.set(cn('2026-11-19 02:59:58'));
    const { triggers, calls, log } = recording(clock);
    triggers.start();
    try {
      await eventually(() => (calls.length > 0 ? true : undefined));
      expect(calls).toEqual([{ name: 'stamper', event: { Type: 'Timer', TriggerName: 'at-three', Time: '2026-11-18T19:00:00Z', Message: '' } }]);
      const status = triggers.list().find((t) => t.name === 'at-three');
      expect(status).toMatchObject({ functionName: 'stamper', lastFired: cn('2026-11-19 03:00:00'), next: cn('2026-11-20 03:00:00') });
      expect(log.join('\n')).toContain('[triggers] stamper/at-three (0 0 3 * * * *) fired on schedule for 2026-11-18T19:00:00Z');
      // The refused trigger is reported, once.
      expect(log.filter((line) => line.includes('misfire/config.json'))).toHaveLength(1);
    } finally {
      await triggers.stop();
    }
  });

  it('a clock jumping over several instants fires once, for the first; moving it back fires nothing', async () => {
    const clock = new EmulatorClock();
    clock.set(cn('2026-11-19 12:00:00'));
    const { triggers, calls, log } = recording(clock);
    triggers.start();
    try {
      clock.advance(3 * 24 * 3_600_000);
      await eventually(() => (calls.length > 0 ? true : undefined));
      // Every instant a tick finds due is called in that tick, so a second call would already be here.
      expect(calls.map((c) => `${c.name} ${c.event.Time}`).sort()).toEqual(['slowpoke 2026-11-19T20:30:00Z', 'stamper 2026-11-19T19:00:00Z']);
      expect(log.join('\n')).toContain('jumped over more than one instant');
      clock.set(cn('2026-11-19 12:00:00'));
      expect(triggers.list().find((t) => t.name === 'at-three')?.next).toEqual(cn('2026-11-20 03:00:00'));
    } finally {
      await triggers.stop();
    }
    expect(calls).toHaveLength(2);
  });

  it('skips an instant while the previous call of that trigger still runs', async () => {
    const clock = new EmulatorClock();
    clock.set(cn('2026-11-19 12:00:00'));
    const log: string[] = [];
    const finishers: Array<() => void> = [];
    const calls: string[] = [];
    const triggers = new TimerTriggers({
      functionsDir,
      clock,
      invoke: (name, event) => {
        calls.push(`${name} ${event.Time}`);
        return new Promise((resolve) => {
          finishers.push(() => resolve({ ok: true, invocationId: 'i-1', result: null }));
        });
      },
      log: (line) => log.push(line),
    });
    triggers.start();
    try {
      clock.advance(24 * 3_600_000);
      await eventually(() => (calls.length > 0 ? true : undefined));
      clock.advance(24 * 3_600_000);
      await eventually(() => (log.some((line) => line.includes('stamper/at-three: skipped')) ? true : undefined));
      expect(calls.filter((c) => c.startsWith('stamper'))).toEqual(['stamper 2026-11-19T19:00:00Z']);
      expect(log.join('\n')).toContain('[triggers] stamper/at-three: skipped 2026-11-20T19:00:00Z, the previous call still runs');
    } finally {
      for (const finish of finishers) finish();
      await triggers.stop();
    }
  });

  it('lists every declared trigger with its next instant, and why CloudBase would refuse one', () => {
    const clock = new EmulatorClock();
    clock.set(cn('2026-11-19 10:00:00'));
    const { triggers } = recording(clock);
    expect(triggers.list()).toEqual([
      { functionName: 'misfire', name: 'six-fields', config: '0 0 3 * * *', next: undefined, lastFired: undefined, error: expect.stringMatching(/needs 7 fields/) },
      { functionName: 'slowpoke', name: 'half-past-four', config: '0 30 4 * * * *', next: cn('2026-11-20 04:30:00'), lastFired: undefined, error: undefined },
      { functionName: 'stamper', name: 'at-three', config: '0 0 3 * * * *', next: cn('2026-11-20 03:00:00'), lastFired: undefined, error: undefined },
    ]);
  });
});

describe('timer triggers in the local CloudBase', () => {
  let emu: TestEmulator;
  const log: string[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator({ functionsDir, schema: { collections: [{ name: 'stamps' }] }, triggers: true, log: (line) => log.push(line) });
  });
  afterAll(() => emu.cleanup());
  const stamps = async () => (await sdkFor(emu).database().collection('stamps').orderBy('event.Time', 'asc').get()).data as Array<Record<string, unknown>>;

  it('runs the function on schedule, as a timer: no user identity, the clock it fired by', async () => {
    emu.clock.set(cn('2026-11-19 02:59:58'));
    try {
      const [stamp] = await eventually(async () => {
        const found = await stamps();
        return found.length > 0 ? found : undefined;
      });
      expect(stamp).toMatchObject({ event: { Type: 'Timer', TriggerName: 'at-three', Time: '2026-11-18T19:00:00Z', Message: '' }, openid: null, source: 'tcb_server' });
      expect(stamp.clock).toBeGreaterThanOrEqual(cn('2026-11-19 03:00:00').getTime());
      expect(emu.triggers.list().find((t) => t.name === 'at-three')).toMatchObject({ lastFired: cn('2026-11-19 03:00:00'), next: cn('2026-11-20 03:00:00') });
    } finally {
      emu.clock.reset();
    }
  });

  it('fires a trigger on demand and answers the call, from code and over HTTP', async () => {
    emu.clock.set(cn('2026-11-25 15:30:00'));
    try {
      const result = await emu.triggers.fire('stamper', 'at-three');
      expect(result).toMatchObject({ ok: true, result: { event: { Type: 'Timer', TriggerName: 'at-three', Message: '' }, openid: null } });
      const time = Date.parse((result as { result: { event: { Time: string } } }).result.event.Time);
      expect(time).toBeGreaterThanOrEqual(cn('2026-11-25 15:30:00').getTime());
      expect(time).toBeLessThan(cn('2026-11-25 15:31:00').getTime());

      const res = await fetch(`${emu.url}/__emulator/triggers/stamper/at-three`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, result: { event: { Type: 'Timer', TriggerName: 'at-three' } } });
      expect(log.join('\n')).toContain('[triggers] stamper/at-three (0 0 3 * * * *) fired on demand');

      const listed = (await (await fetch(`${emu.url}/__emulator/triggers`)).json()) as Array<{ functionName: string; next?: string }>;
      expect(listed.find((t) => t.functionName === 'stamper')?.next).toBe('2026-11-25T19:00:00.000Z');
    } finally {
      emu.clock.reset();
    }
  });

  it('refuses to fire a trigger no config.json declares, or one CloudBase would refuse', async () => {
    await expect(emu.triggers.fire('stamper', 'nope')).rejects.toThrow(/no timer trigger "nope" in stamper/);
    await expect(emu.triggers.fire('misfire', 'six-fields')).rejects.toThrow(/needs 7 fields/);
    expect((await fetch(`${emu.url}/__emulator/triggers/plain/nightly`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${emu.url}/__emulator/triggers/%E0%A4%A/x`, { method: 'POST' })).status).toBe(404);
  });
});

describe('stopping', () => {
  it('ends a scheduled call still running, and stops the schedule', async () => {
    const log: string[] = [];
    const emu = await startTestEmulator({ functionsDir, schema: { collections: [{ name: 'stamps' }] }, triggers: true, log: (line) => log.push(line) });
    try {
      emu.clock.set(cn('2026-11-19 04:29:59'));
      await eventually(() => (log.some((line) => line.includes('slowpoke/half-past-four (0 30 4 * * * *) fired on schedule')) ? true : undefined));
    } finally {
      // The function sleeps 50 s; the jest timeout (far shorter) bounds this.
      await emu.cleanup();
    }
    // The runner's close ends the call as a crash; the trigger reports it.
    expect(log.join('\n')).toMatch(/\[triggers\] slowpoke\/half-past-four \S+ failed: .*exit/);
  });
});
