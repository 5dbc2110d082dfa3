// Node's timers, explicitly: the emulator also runs inside jsdom test environments.
import { setTimeout, clearTimeout } from 'node:timers';
import { randomBytes } from 'node:crypto';

/**
 * How long a finished invocation's token still maps back to it. Work a function starts without
 * awaiting (a write fired just before returning) reaches the server a moment later and should still
 * be billed to the invocation that caused it.
 */
export const DEFAULT_TOKEN_GRACE_MS = 5_000;

interface Entry {
  invocationId: string;
  source: string;
  timer?: NodeJS.Timeout;
}

/**
 * Per-invocation session tokens. Each invocation gets its own TCB_SESSIONTOKEN; the SDK sends it as
 * `tcb_sessionToken` in every request body (node-sdk src/utils/tcbapirequester.ts, makeParams), so the
 * server can tell which invocation made a database call and meter it.
 */
export class InvocationTokens {
  private readonly byToken = new Map<string, Entry>();
  private readonly byInvocation = new Map<string, Entry>();

  constructor(private readonly graceMs = DEFAULT_TOKEN_GRACE_MS) {}

  issue(invocationId: string, source: string): string {
    const token = randomBytes(24).toString('base64url');
    const entry: Entry = { invocationId, source };
    this.byToken.set(token, entry);
    this.byInvocation.set(invocationId, entry);
    return token;
  }

  invocationOf(token: string): string | undefined {
    return this.byToken.get(token)?.invocationId;
  }

  /** TCB_SOURCE of a running invocation, so a function it calls gets the chain `<source>,scf`. */
  sourceOf(invocationId: string): string | undefined {
    return this.byInvocation.get(invocationId)?.source;
  }

  /** The invocation ended; forget its token after the grace period. */
  release(token: string): void {
    const entry = this.byToken.get(token);
    if (!entry || entry.timer) return;
    entry.timer = setTimeout(() => {
      this.byToken.delete(token);
      this.byInvocation.delete(entry.invocationId);
    }, this.graceMs);
    entry.timer.unref();
  }

  clear(): void {
    for (const entry of this.byToken.values()) clearTimeout(entry.timer);
    this.byToken.clear();
    this.byInvocation.clear();
  }
}
