import type { CallerIdentity } from '../http/client-sessions';
import { CLOCK_ENV } from '../clock';

/**
 * The names CloudBase lists in WX_CONTEXT_KEYS / TCB_CONTEXT_KEYS. wx-server-sdk's getWXContext and
 * node-sdk's getCloudbaseContext read only the variables these lists name, so both lists must be
 * present or a bare WX_OPENID is ignored (node-sdk src/utils/tcbcontext.ts, wx-server-sdk getWXContext).
 */
export const WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6';
export const TCB_CONTEXT_KEYS = 'TCB_ENV,TCB_SEQID,TCB_SOURCE,TCB_SESSIONTOKEN,TCB_SOURCE_IP';

/** Variables that belong to one call; the worker clears all of them before setting the next caller's. */
export const PER_INVOCATION_KEYS = [
  ...WX_CONTEXT_KEYS.split(','),
  'TCB_SEQID',
  'TCB_SOURCE',
  'TCB_SESSIONTOKEN',
  'TCB_SOURCE_IP',
  CLOCK_ENV,
];

export const LOCAL_REGION = 'ap-shanghai';
export const FUNCTION_VERSION = '$LATEST';

/** Plain process variables a function may reasonably rely on; the rest of the host's are not leaked in. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];

export interface WorkerEnvOptions {
  envId: string;
  secretId: string;
  secretKey: string;
  adminUrl: string;
  functionName: string;
  envVariables: Record<string, string>;
}

/** The environment a function's worker starts with: what SCF sets, pointed at the emulator. */
export function workerEnv(o: WorkerEnvOptions): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const key of INHERITED) if (process.env[key] !== undefined) inherited[key] = process.env[key] as string;
  return {
    ...inherited,
    // The function's own variables first, so they cannot unhook the SDK from the emulator.
    ...o.envVariables,
    // checkIsInScf(): the SDK takes its in-function paths, tags requests `<source>,scf` as in production
    // and never probes the metadata host. In SCF it also insists on TENCENTCLOUD_REGION and SCF_NAMESPACE
    // (it logs an error per call without them), so both are set.
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD: 'true',
    TENCENTCLOUD_REGION: LOCAL_REGION,
    SCF_NAMESPACE: o.envId,
    SCF_FUNCTIONNAME: o.functionName,
    SCF_FUNCTIONVERSION: FUNCTION_VERSION,
    TCB_ENV: o.envId,
    // getServerInjectUrl() reads URL from here: SDK calls reach the emulator with no code change.
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: o.adminUrl }),
    TENCENTCLOUD_SECRETID: o.secretId,
    TENCENTCLOUD_SECRETKEY: o.secretKey,
    WX_CONTEXT_KEYS,
    TCB_CONTEXT_KEYS,
  };
}

export interface InvocationCaller {
  /** Absent for server-to-server calls, which carry no WeChat identity in CloudBase either. */
  identity?: CallerIdentity;
  /** TCB_SOURCE: `wx_client`, or a chain such as `wx_client,scf` for a function called by a function. */
  source: string;
  clientIp?: string;
}

/** `::ffff:1.2.3.4` is both an IPv4 and an IPv6 address; WeChat passes each form separately. */
function splitIp(ip: string | undefined): { v4?: string; v6?: string } {
  if (!ip) return {};
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return { v4: mapped[1], v6: ip };
  return ip.includes(':') ? { v6: ip } : { v4: ip };
}

/** The per-call variables, exactly the ones CloudBase injects for this caller. */
export function invocationEnv(caller: InvocationCaller, seqId: string, sessionToken: string): Record<string, string> {
  const env: Record<string, string> = { TCB_SEQID: seqId, TCB_SOURCE: caller.source, TCB_SESSIONTOKEN: sessionToken };
  const identity = caller.identity;
  if (!identity) return env;
  const ip = splitIp(caller.clientIp ?? identity.clientIp);
  const set = (key: string, value: string | undefined) => {
    if (value) env[key] = value;
  };
  set('WX_OPENID', identity.openid);
  set('WX_APPID', identity.appid);
  set('WX_UNIONID', identity.unionid);
  set('WX_CLIENTIP', ip.v4);
  set('WX_CLIENTIPV6', ip.v6);
  set('TCB_SOURCE_IP', ip.v4 ?? ip.v6);
  return env;
}

/** The second argument of `main`, shaped like SCF's so `tcb.getCloudbaseContext(context)` parses it. */
export interface ScfContext {
  memory_limit_in_mb: number;
  time_limit_in_ms: number;
  request_id: string;
  /** JSON of the invocation's variables: the per-call path that stays right when calls overlap. */
  environment: string;
  function_version: string;
  function_name: string;
  namespace: string;
  tencentcloud_region: string;
}

export function scfContext(o: {
  requestId: string;
  functionName: string;
  envId: string;
  memoryMb: number;
  timeoutMs: number;
  env: Record<string, string>;
}): ScfContext {
  const environment = {
    SCF_NAMESPACE: o.envId,
    TCB_ENV: o.envId,
    TRIGGER_SRC: 'tcb',
    WX_CONTEXT_KEYS,
    TCB_CONTEXT_KEYS,
    ...o.env,
  };
  return {
    memory_limit_in_mb: o.memoryMb,
    time_limit_in_ms: o.timeoutMs,
    request_id: o.requestId,
    environment: JSON.stringify(environment),
    function_version: FUNCTION_VERSION,
    function_name: o.functionName,
    namespace: o.envId,
    tencentcloud_region: LOCAL_REGION,
  };
}

/**
 * A mini-program call's event: the caller's data plus the `userInfo` CloudBase injects
 * (`event.userInfo.openId` / `appId`, as the WeChat cloud-function docs describe).
 */
export function clientEvent(data: unknown, identity: CallerIdentity): Record<string, unknown> {
  const base = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  return { ...base, userInfo: { appId: identity.appid ?? '', openId: identity.openid } };
}
