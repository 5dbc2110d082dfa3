import { createClient, type Transport } from './client';
import { apiOrigin } from './config';
import { localSessionStore, type Session } from './session';
import { createH5Transport } from './transport-h5';
import { weappTransport } from './transport-weapp';

export type { Result } from './result';

/** The local sign-in, h5 only: who the browser acts as at the local CloudBase. */
export interface DevAuth {
  current(): Session | null;
  signIn(openid: string, label?: string): Promise<Session>;
  signOut(): void;
}

function h5Setup(): { transport: Transport; devAuth: DevAuth } {
  const sessions = localSessionStore();
  const transport = createH5Transport({ origin: apiOrigin, sessions });
  return { transport, devAuth: { current: sessions.get, signIn: transport.signIn, signOut: sessions.clear } };
}

/**
 * The one way pages reach cloud functions. TARO_ENV is replaced at build time, so each build keeps
 * only its own transport: the h5 one, with the local sign-in, never ships in the mini-program.
 */
const h5 = process.env.TARO_ENV === 'h5' ? h5Setup() : null;

export const { call, upload } = createClient(h5 ? h5.transport : weappTransport);

/** Null in the mini-program, where WeChat itself says who the user is. */
export const devAuth: DevAuth | null = h5 ? h5.devAuth : null;
