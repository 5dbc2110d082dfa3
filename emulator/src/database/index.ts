// Node's timers, explicitly: the emulator also runs inside jsdom test environments.
import { setInterval, clearInterval } from 'node:timers';
import type { AdminAction, Route } from '../http/server';
import { sendJson } from '../http/server';
import type { Metering } from '../metering';
import { databaseActions } from './actions';
import { decodeBody, indexKeys } from './codec';
import { History } from './history';
import type { DatabaseSchema, IndexSpec } from './schema';
import type { DbState } from './state';
import { SqliteStore } from './store';
import { expireOld, TRANSACTION_LIFE_MS } from './transactions';

export interface DatabaseServiceOptions {
  /** The SQLite file. */
  file: string;
  schema: DatabaseSchema;
  metering: Metering;
  now?: () => number;
  /** Transaction life, ms (CloudBase: 30 s). Tests shorten it. */
  transactionLifeMs?: number;
}

/** The document database: SQLite storage, mingo semantics, CloudBase's protocol and limits. */
export class DatabaseService {
  readonly state: DbState;
  private readonly sweeper: NodeJS.Timeout;
  private readonly lifeMs: number;

  constructor(options: DatabaseServiceOptions) {
    const store = new SqliteStore(options.file);
    this.state = {
      store,
      metering: options.metering,
      now: options.now ?? Date.now,
      history: new History(),
      transactions: new Map(),
      locks: new Map(),
      examined: 0,
      keysExamined: 0,
    };
    this.lifeMs = options.transactionLifeMs ?? TRANSACTION_LIFE_MS;
    for (const c of options.schema.collections) {
      this.ensureCollection(c.name, c.indexes);
      store.setRule(c.name, c.rule);
    }
    // Expired transactions must release their locks even if nobody touches them again.
    // And the WAL is checkpointed here, between requests, rather than inside the commit that fills it.
    this.sweeper = setInterval(() => {
      expireOld(this.state);
      store.checkpoint();
    }, 1000);
    this.sweeper.unref();
  }

  /**
   * Creates a collection, or sets an existing one's indexes to exactly these (keys rebuilt, uniqueness
   * checked: a unique index over duplicates throws and changes nothing). What the deploy's local
   * target calls for CloudBase's createCollection and updateCollection (Create/DropIndexes).
   */
  ensureCollection(name: string, indexes: IndexSpec[]): void {
    this.state.store.ensureCollection(name, indexes, (body) => indexKeys(decodeBody(body), indexes));
  }

  actions(): Map<string, AdminAction> {
    return databaseActions({ state: this.state, transactionLifeMs: this.lifeMs });
  }

  /** Emulator-only endpoints: metering for tests, benchmarks and the dev UI. */
  routes(): Route[] {
    const metering = this.state.metering;
    return [
      { method: 'GET', path: '/__emulator/metering', handle: async (_req, res) => sendJson(res, 200, metering.snapshot()) },
      {
        method: 'POST',
        path: '/__emulator/metering/reset',
        handle: async (_req, res) => {
          metering.reset();
          sendJson(res, 200, { ok: true });
        },
      },
    ];
  }

  /** Moves the WAL into the database file now (the sweeper does it every second). */
  checkpoint(): void {
    this.state.store.checkpoint();
  }

  close(): void {
    clearInterval(this.sweeper);
    this.state.store.close();
  }
}
