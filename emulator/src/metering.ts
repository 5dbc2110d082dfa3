/**
 * CloudBase bills database reads and writes per request (DbRead / DbWrite). The emulator counts
 * both, per collection and per function invocation, so tests and benchmarks can state the cost of
 * a user action. Document counts are kept too, since they drive latency even where billing ignores them.
 */
export interface MeterCounts {
  reads: number;
  writes: number;
  docsRead: number;
  docsWritten: number;
  /** Stored documents decoded and tested to answer reads: shows whether an index was used. */
  docsExamined: number;
  /**
   * Index entries read (keys only, no document): what a plan read of an index to find its
   * candidates, like MongoDB's `totalKeysExamined`. Far above the documents selected, an index was
   * read whole rather than sought.
   */
  keysExamined: number;
}

/**
 * One database request of an invocation, so a test can name the query that examined too much.
 * `matched` is what the query selected: the documents returned by a get, the total of a count, the
 * documents a leading `$match` kept in an aggregate, the documents a where-update or remove changed.
 */
export interface RequestMeter {
  collection: string;
  op: string;
  /** The query with its values replaced by their types, e.g. `{"status":"string","expiresAt":{"$lt":"date"}}`. */
  shape: string;
  order?: string;
  limit?: number;
  examined: number;
  /** Index entries read (see MeterCounts.keysExamined). */
  keysExamined: number;
  matched: number;
  inTransaction?: boolean;
}

export interface MeterEvent {
  collection: string;
  kind: 'read' | 'write';
  docs: number;
  examined?: number;
  keys?: number;
  invocationId?: string;
  request?: Omit<RequestMeter, 'collection' | 'examined' | 'keysExamined'>;
}

export interface InvocationMeter extends MeterCounts {
  invocationId: string;
  functionName?: string;
  byCollection: Record<string, MeterCounts>;
  /** Each request in order (at most MAX_REQUESTS are kept). */
  requests: RequestMeter[];
}

const MAX_REQUESTS = 1000;

const emptyCounts = (): MeterCounts => ({ reads: 0, writes: 0, docsRead: 0, docsWritten: 0, docsExamined: 0, keysExamined: 0 });

function add(counts: MeterCounts, event: MeterEvent): void {
  counts.docsExamined += event.examined ?? 0;
  counts.keysExamined += event.keys ?? 0;
  if (event.kind === 'read') {
    counts.reads += 1;
    counts.docsRead += event.docs;
  } else {
    counts.writes += 1;
    counts.docsWritten += event.docs;
  }
}

/** Invocations remembered for lookup; older ones are dropped so a long-running server stays small. */
const MAX_INVOCATIONS = 10_000;

export class Metering {
  private total = emptyCounts();
  private collections = new Map<string, MeterCounts>();
  private invocations = new Map<string, InvocationMeter>();

  record(event: MeterEvent): void {
    add(this.total, event);
    let perCollection = this.collections.get(event.collection);
    if (!perCollection) {
      perCollection = emptyCounts();
      this.collections.set(event.collection, perCollection);
    }
    add(perCollection, event);
    if (event.invocationId) {
      const meter = this.invocation(event.invocationId);
      add(meter, event);
      meter.byCollection[event.collection] ??= emptyCounts();
      add(meter.byCollection[event.collection], event);
      if (event.request && meter.requests.length < MAX_REQUESTS) {
        meter.requests.push({ collection: event.collection, examined: event.examined ?? 0, keysExamined: event.keys ?? 0, ...event.request });
      }
    }
  }

  /** Opens (or returns) the meter of one function invocation. */
  invocation(invocationId: string, functionName?: string): InvocationMeter {
    let meter = this.invocations.get(invocationId);
    if (!meter) {
      meter = { invocationId, functionName, byCollection: {}, requests: [], ...emptyCounts() };
      this.invocations.set(invocationId, meter);
      if (this.invocations.size > MAX_INVOCATIONS) {
        const oldest = this.invocations.keys().next().value as string;
        this.invocations.delete(oldest);
      }
    }
    if (functionName && !meter.functionName) meter.functionName = functionName;
    return meter;
  }

  getInvocation(invocationId: string): InvocationMeter | undefined {
    return this.invocations.get(invocationId);
  }

  snapshot(): { total: MeterCounts; byCollection: Record<string, MeterCounts> } {
    return {
      total: { ...this.total },
      byCollection: Object.fromEntries([...this.collections].map(([name, c]) => [name, { ...c }])),
    };
  }

  reset(): void {
    this.total = emptyCounts();
    this.collections.clear();
    this.invocations.clear();
  }
}

/** A query's shape: operators and field names kept, every value replaced by its type (arrays by their length). */
export function queryShape(query: unknown): string {
  const walk = (v: unknown): unknown => {
    if (v === null || v === undefined) return 'null';
    if (v instanceof Date) return 'date';
    if (v instanceof RegExp) return 'regex';
    if (Array.isArray(v)) return v.length > 0 && v.every(isPlainObject) ? v.map(walk) : `array(${v.length})`;
    if (typeof v === 'object') {
      if (!isPlainObject(v)) return (v as object).constructor?.name ?? 'object';
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return typeof v;
  };
  return JSON.stringify(walk(query));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}
