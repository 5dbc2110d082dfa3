import fs from 'node:fs';
import path from 'node:path';
import type { App } from './harness';

/**
 * Stored state: database writes (the local CloudBase's meter counts every one, whoever makes it) and
 * the files in storage. Equal before and after a call: the call changed nothing another call can see.
 */
function footprint(app: App): string {
  const dir = path.join(app.emu.dataDir, 'storage');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : [];
  const bytes = files.reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
  return `${app.emu.metering.snapshot().total.writes}:${files.length}:${bytes}`;
}

/** A world lives at most this long: its live codes (activity, duty) expire 30 s after seeding. */
const MAX_AGE_MS = 10_000;

/**
 * Worlds for suites that make one call per world (role x action matrix, scan guard). Seeding is most
 * of their time, so a world is reused by the next call as long as every call on it stored nothing
 * (a refusal, a read): the next call then meets exactly the state a fresh world has. A call that
 * wrote anything (database or storage) retires the world, so each write meets a fresh one, as before.
 */
export function worldPool<W>(app: () => App, seed: (tag: string) => Promise<W>) {
  let current: { world: W; bornAt: number } | undefined;
  let seeded = 0;
  return {
    /** The world for the next call: the current one if nothing changed it, else a new one. */
    async world(): Promise<W> {
      if (!current || Date.now() - current.bornAt > MAX_AGE_MS) {
        seeded += 1;
        const world = await seed(String(seeded));
        current = { world, bornAt: Date.now() };
      }
      return current.world;
    },
    /** Runs one call on the current world; a call that stored anything retires the world. */
    async use<T>(call: () => Promise<T>): Promise<T> {
      const before = footprint(app());
      try {
        return await call();
      } finally {
        if (footprint(app()) !== before) current = undefined;
      }
    },
    /** Worlds seeded so far (for the suite's closing figures). */
    get seeded() {
      return seeded;
    },
  };
}
