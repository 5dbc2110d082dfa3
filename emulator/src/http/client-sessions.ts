import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The caller identity CloudBase injects into a function (WX_OPENID, WX_APPID, ...). In production
 * WeChat supplies it; locally a client signs in as a named user and gets a bearer token.
 */
export interface CallerIdentity {
  openid: string;
  appid?: string;
  unionid?: string;
  /** CloudBase's TCB_SOURCE: `wx_client` for a mini-program call. */
  source?: string;
  clientIp?: string;
}

/** Local sign-in sessions. They exist only in the emulator and never reach function code. */
export class ClientSessions {
  private sessions = new Map<string, CallerIdentity>();

  signIn(identity: CallerIdentity): string {
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, identity);
    return token;
  }

  signOut(token: string): void {
    this.sessions.delete(token);
  }

  /** The identity behind `Authorization: Bearer <token>`, or undefined. */
  identityOf(req: IncomingMessage): CallerIdentity | undefined {
    const match = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
    return match ? this.sessions.get(match[1]) : undefined;
  }
}
