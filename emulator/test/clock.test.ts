import path from 'node:path';
import { EmulatorClock } from '../src/clock';
import { startTestEmulator, type TestEmulator } from './helpers';

describe('the functions clock', () => {
  it('runs on from the time it is set to, jumps, and goes back to real time', () => {
    let real = 1_000_000;
    const clock = new EmulatorClock(() => real);
    expect(clock.overridden).toBe(false);
    expect(clock.env()).toEqual({});
    clock.set(new Date(5_000_000));
    real += 250;
    expect(clock.now().getTime()).toBe(5_000_250);
    clock.advance(60_000);
    expect(clock.env()).toEqual({ TCB_EMULATOR_NOW: String(5_060_250) });
    clock.reset();
    expect(clock.now().getTime()).toBe(real);
    expect(() => clock.set(new Date('nope'))).toThrow(TypeError);
  });

  it('stands still when frozen (a call exactly at a deadline), moves only when told, and runs again once set or reset', () => {
    let real = 1_000_000;
    const clock = new EmulatorClock(() => real);
    clock.freeze(new Date(5_000_000));
    real += 250;
    expect(clock.now().getTime()).toBe(5_000_000);
    expect(clock.env()).toEqual({ TCB_EMULATOR_NOW: '5000000' });
    clock.advance(1);
    real += 250;
    expect(clock.now().getTime()).toBe(5_000_001);
    clock.set(new Date(7_000_000));
    real += 10;
    expect(clock.now().getTime()).toBe(7_000_010);
    clock.freeze(new Date(real));
    expect(clock.overridden).toBe(true);
    clock.reset();
    expect(clock.overridden).toBe(false);
  });

  describe('through a function', () => {
    let emu: TestEmulator;
    beforeAll(async () => {
      emu = await startTestEmulator({ functionsDir: path.join(__dirname, 'fixtures', 'functions'), schema: { collections: [] } });
    });
    afterAll(() => emu.cleanup());

    it('hands a set clock to the invocation, and nothing while it is real time', async () => {
      const env = async () => ({ TCB_EMULATOR_NOW: ((await emu.functions.invoke('whoami', {}, { openid: 'o-1' })) as { result: { clock?: string } }).result.clock });
      expect((await env()).TCB_EMULATOR_NOW).toBeUndefined();
      emu.clock.set(new Date('2026-11-18T02:05:00Z'));
      const seen = Number((await env()).TCB_EMULATOR_NOW);
      expect(seen).toBeGreaterThanOrEqual(Date.parse('2026-11-18T02:05:00Z'));
      expect(seen).toBeLessThan(Date.parse('2026-11-18T02:06:00Z'));
      emu.clock.reset();
      // The variable is per invocation: the warm instance does not keep the last one.
      expect((await env()).TCB_EMULATOR_NOW).toBeUndefined();
    });
  });
});
