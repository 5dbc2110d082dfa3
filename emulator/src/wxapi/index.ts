import { z } from 'zod';
import { CloudBaseError, DbErrorCode } from '../errors';
import type { AdminAction } from '../http/server';
import { checkContent } from './content-check';

/**
 * WeChat open APIs that functions call through the SDK (`app.callWxOpenApi`, action `wx.api`), with
 * local stand-ins. Every call is recorded so tests and the dev UI can see what would have gone to
 * WeChat.
 */
export interface OpenApiCall {
  apiName: string;
  request: unknown;
  response: unknown;
  at: Date;
}

const Params = z.object({ apiName: z.string().min(1), requestData: z.string().optional() });
const MsgSecCheck = z.object({ content: z.string().max(2500), version: z.literal(2), scene: z.number().int().min(1).max(4), openid: z.string().min(1) });

type Handler = (request: unknown) => unknown;

export class WxOpenApi {
  readonly calls: OpenApiCall[] = [];
  private readonly handlers = new Map<string, Handler>([
    ['/wxa/msg_sec_check', (request) => checkContent(MsgSecCheck.parse(request).content)],
  ]);

  actions(): Map<string, AdminAction> {
    return new Map([
      [
        'wx.api',
        async (params) => {
          const p = Params.safeParse(params);
          if (!p.success) throw new CloudBaseError(DbErrorCode.InvalidParam, 'wx.api needs apiName and a JSON requestData');
          const handler = this.handlers.get(p.data.apiName);
          if (!handler) throw new CloudBaseError(DbErrorCode.InvalidParam, `WeChat open API ${p.data.apiName} is not emulated locally`);
          let request: unknown;
          try {
            request = p.data.requestData ? JSON.parse(p.data.requestData) : {};
          } catch {
            throw new CloudBaseError(DbErrorCode.InvalidParam, 'requestData is not JSON');
          }
          let response: unknown;
          try {
            response = handler(request);
          } catch (err) {
            // WeChat answers a malformed request with errcode 47001 (data format error).
            response = { errcode: 47001, errmsg: `data format error: ${err instanceof Error ? err.message : err}` };
          }
          this.calls.push({ apiName: p.data.apiName, request, response, at: new Date() });
          if (this.calls.length > 1000) this.calls.shift();
          return { data: { responseData: JSON.stringify(response) } };
        },
      ],
    ]);
  }
}
