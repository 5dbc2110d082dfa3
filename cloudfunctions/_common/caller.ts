import { tcb } from './sdk';

/** Who is calling, as CloudBase injects it; never taken from the request. */
export interface Caller {
  openid: string;
  appid: string;
  unionid: string;
  source: string;
  /** The client's IP as WeChat reports it (WX_CLIENTIP, else WX_CLIENTIPV6); empty when unknown. */
  clientIp: string;
}

export function callerOf(context: unknown): Caller {
  const env = tcb.getCloudbaseContext(context as never) as unknown as Record<string, string | undefined>;
  return {
    openid: env.WX_OPENID ?? '',
    appid: env.WX_APPID ?? '',
    unionid: env.WX_UNIONID ?? '',
    source: env.TCB_SOURCE ?? '',
    clientIp: env.WX_CLIENTIP || env.WX_CLIENTIPV6 || '',
  };
}
