import { z } from 'zod';
import { CloudBaseError, DbErrorCode } from '../errors';
import type { AdminAction } from '../http/server';
import { checkContent } from './content-check';
import { API_TYPE_OPEN_API, decodeOpenApiRequest, encodeOpenApiReply, type OpenApiRequest } from './open-api';
import { rawReply } from '../http/transport';
import { parseBoundedJson } from '../http/json-depth';
import { unlimitedCode, type BinaryAnswer } from './wxacode';

/**
 * WeChat open APIs that functions call through the SDK, with local stand-ins: JSON ones through
 * `app.callWxOpenApi` (action `wx.api`), byte-answering ones (mini-program codes) through
 * `app.callCompatibleWxOpenApi` and wx-server-sdk's `cloud.openapi.*` (action `wx.openApi`,
 * multipart + protobuf, see transport.ts and open-api.ts). Every call is recorded so tests and the
 * dev UI can see what would have gone to WeChat.
 */
export interface OpenApiCall {
  apiName: string;
  request: unknown;
  response: unknown;
  at: Date;
}

const Params = z.object({ apiName: z.string().min(1), requestData: z.string().optional() });
const OpenApiParams = z.object({ apiName: z.string().min(1), requestData: z.instanceof(Buffer) });
const MsgSecCheck = z.object({ content: z.string().max(2500), version: z.literal(2), scene: z.number().int().min(1).max(4), openid: z.string().min(1) });
/** subscribeMessage.send: each data field is `{value}`, keyed like `thing1` (WeChat checks lengths per kind). */
const SubscribeSend = z
  .object({
    touser: z.string().min(1),
    template_id: z.string().min(1),
    page: z.string().optional(),
    miniprogram_state: z.enum(['developer', 'trial', 'formal']).optional(),
    lang: z.string().optional(),
    data: z.record(z.string().regex(/^[a-z_]+\d+$/), z.object({ value: z.string().min(1).max(200) }).strict()).refine((d) => Object.keys(d).length > 0, 'data is empty'),
  })
  .strict();

export const SUBSCRIBE_SEND_API = '/cgi-bin/message/subscribe/send';

/** A subscribe message the emulator accepted: the local outbox the dev pages show. */
export interface OutboxMessage {
  touser: string;
  template_id: string;
  page: string | null;
  data: Record<string, { value: string }>;
  at: Date;
}

type Handler = (request: unknown) => unknown;

/**
 * A failure a test asks for on the next call of an API: WeChat's own error answer (`{errcode: -1}`
 * system busy, `{errcode: 40001}` bad token), or `'unreachable'`, a CloudBase-level failure the SDK throws.
 */
export type WxFailure = { errcode: number; errmsg?: string } | 'unreachable';
type BinaryHandler = (request: Record<string, unknown>) => Promise<BinaryAnswer>;

const MAX_CALLS = 1000;

export interface WxOptions {
  /** Words the msgSecCheck stand-in flags as risky (default: content-check.ts `RISKY_WORDS`). */
  riskyWords?: string[];
}

export class WxOpenApi {
  constructor(private readonly wxOptions: WxOptions = {}) {}

  readonly calls: OpenApiCall[] = [];
  private readonly handlers = new Map<string, Handler>([
    ['/wxa/msg_sec_check', (request) => checkContent(MsgSecCheck.parse(request).content, this.wxOptions.riskyWords)],
    [SUBSCRIBE_SEND_API, (request) => (SubscribeSend.parse(request), { errcode: 0, errmsg: 'ok', msgid: (this.msgids += 1) })],
  ]);
  private msgids = 1_000_000;
  private readonly failures = new Map<string, WxFailure[]>();

  /** The next call of `apiName` (e.g. '/wxa/msg_sec_check') fails this way instead of being answered; queued per API. */
  failNext(apiName: string, failure: WxFailure = { errcode: -1, errmsg: 'system error' }): void {
    this.failures.set(apiName, [...(this.failures.get(apiName) ?? []), failure]);
  }

  private takeFailure(apiName: string): WxFailure | undefined {
    const queue = this.failures.get(apiName);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.failures.delete(apiName);
    return next;
  }

  /** Subscribe messages sent (accepted ones only), newest first; `openid` narrows to one recipient. */
  outbox(openid?: string): OutboxMessage[] {
    return this.calls
      .filter((c) => c.apiName === SUBSCRIBE_SEND_API && (c.response as { errcode?: number }).errcode === 0)
      .map((c) => {
        const r = c.request as { touser: string; template_id: string; page?: string; data: OutboxMessage['data'] };
        return { touser: r.touser, template_id: r.template_id, page: r.page ?? null, data: r.data, at: c.at };
      })
      .filter((m) => !openid || m.touser === openid)
      .reverse();
  }
  /**
   * Keyed by the name wx-server-sdk sends (`wxacode.getUnlimited`, its `cloud.openapi` property
   * path), and by the HTTP path too, since callers of node-sdk may pass either.
   */
  private readonly binaryHandlers = new Map<string, BinaryHandler>([
    ['wxacode.getUnlimited', unlimitedCode],
    ['/wxa/getwxacodeunlimit', unlimitedCode],
  ]);

  private record(apiName: string, request: unknown, response: unknown): void {
    this.calls.push({ apiName, request, response, at: new Date() });
    if (this.calls.length > MAX_CALLS) this.calls.shift();
  }

  actions(): Map<string, AdminAction> {
    return new Map<string, AdminAction>([
      ['wx.api', (params) => this.jsonApi(params)],
      ['wx.openApi', (params) => this.binaryApi(params)],
    ]);
  }

  private async jsonApi(params: Record<string, unknown>) {
    const p = Params.safeParse(params);
    if (!p.success) throw new CloudBaseError(DbErrorCode.InvalidParam, 'wx.api needs apiName and a JSON requestData');
    const handler = this.handlers.get(p.data.apiName);
    if (!handler) throw new CloudBaseError(DbErrorCode.InvalidParam, `WeChat open API ${p.data.apiName} is not emulated locally`);
    const request: unknown = p.data.requestData ? parseBoundedJson(p.data.requestData, 'requestData') : {};
    const failure = this.takeFailure(p.data.apiName);
    if (failure === 'unreachable') {
      this.record(p.data.apiName, request, { unreachable: true });
      throw new CloudBaseError(DbErrorCode.SysErr, `WeChat open API ${p.data.apiName} is unreachable (simulated)`);
    }
    let response: unknown;
    try {
      response = failure ? { errmsg: 'system error', ...failure } : handler(request);
    } catch (err) {
      // WeChat answers a malformed request with errcode 47001 (data format error).
      response = { errcode: 47001, errmsg: `data format error: ${err instanceof Error ? err.message : err}` };
    }
    this.record(p.data.apiName, request, response);
    return { data: { responseData: JSON.stringify(response) } };
  }

  private async binaryApi(params: Record<string, unknown>) {
    const p = OpenApiParams.safeParse(params);
    if (!p.success) throw new CloudBaseError(DbErrorCode.InvalidParam, 'wx.openApi needs apiName and a protobuf requestData part');
    const handler = this.binaryHandlers.get(p.data.apiName);
    if (!handler) throw new CloudBaseError(DbErrorCode.InvalidParam, `WeChat open API ${p.data.apiName} is not emulated locally`);
    let request: OpenApiRequest;
    try {
      request = decodeOpenApiRequest(p.data.requestData);
    } catch (err) {
      throw new CloudBaseError(DbErrorCode.InvalidParam, `requestData is not a CommApiData message: ${err instanceof Error ? err.message : err}`);
    }
    if (request.apiType !== API_TYPE_OPEN_API) throw new CloudBaseError(DbErrorCode.InvalidParam, `apiType ${request.apiType} is not emulated locally`);
    const answer = await handler(request.data);
    const isJson = answer.contentType.startsWith('application/json');
    this.record(p.data.apiName, request.data, isJson ? JSON.parse(answer.body.toString('utf8')) : { contentType: answer.contentType, byteLength: answer.body.length });
    return rawReply(encodeOpenApiReply({ respData: answer.body, contentType: answer.contentType, httpCode: 200 }));
  }
}
