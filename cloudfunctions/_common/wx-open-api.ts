import { cloud } from './sdk';
import { int32Of, ProtoWriter, readFields } from './protobuf';

/**
 * WeChat open APIs that answer with bytes (mini-program codes) go through node-sdk's
 * `callCompatibleWxOpenApi` (action `wx.openApi`), encoded exactly as wx-server-sdk 4 encodes
 * `cloud.openapi.<ns>.<name>(...)`: a protobuf `CommApiData{apiType=1 (OPEN_API = 0), openapiData=2
 * {pairs=1: KeyValuePair{key=1, value=2}}, appid=6}` whose pair values are JSON; the answer is a raw
 * protobuf `CommOpenApiResp{respData=1, contentType=2, errorCode=3, httpCode=4}`.
 */
export interface OpenApiReply {
  contentType: string;
  body: Buffer;
}

export class OpenApiError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

const OPEN_API = 0;

/** Keys are sent as given (wx-server-sdk snake_cases them first; callers pass snake_case). */
export function encodeOpenApiRequest(data: Record<string, unknown>): Buffer {
  const pairs = new ProtoWriter();
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    pairs.message(1, new ProtoWriter().bytes(1, key).bytes(2, JSON.stringify(value)));
  }
  return new ProtoWriter().uint(1, OPEN_API).message(2, pairs).finish();
}

export function decodeOpenApiReply(buf: Buffer): { respData: Buffer; contentType: string; errorCode: number; httpCode: number } {
  const reply: { respData: Buffer; contentType: string; errorCode: number; httpCode: number } = { respData: Buffer.alloc(0), contentType: '', errorCode: 0, httpCode: 0 };
  for (const { field, value } of readFields(buf)) {
    if (field === 1) reply.respData = value as Buffer;
    else if (field === 2) reply.contentType = (value as Buffer).toString('utf8');
    else if (field === 3) reply.errorCode = int32Of(value);
    else if (field === 4) reply.httpCode = Number(value);
  }
  return reply;
}

/** Throws OpenApiError for anything but a clean answer; a JSON answer with an errcode is a failure. */
export async function callOpenApi(apiName: string, data: Record<string, unknown>): Promise<OpenApiReply> {
  const raw: unknown = await cloud().callCompatibleWxOpenApi({ apiName, requestData: encodeOpenApiRequest(data) });
  // A CloudBase-level failure arrives as JSON (thrown by the SDK, or returned when it does not throw).
  if (!Buffer.isBuffer(raw)) throw new OpenApiError(`${apiName}: unexpected reply ${JSON.stringify(raw)}`);
  const reply = decodeOpenApiReply(raw);
  if (reply.errorCode) throw new OpenApiError(`${apiName}: WeChat system error ${reply.errorCode}`, reply.errorCode);
  if (/application\/json|text\/plain/.test(reply.contentType)) {
    const json = JSON.parse(reply.respData.toString('utf8')) as { errcode?: number; errmsg?: string };
    if (json.errcode) throw new OpenApiError(`${apiName}: ${json.errcode} ${json.errmsg ?? ''}`, json.errcode);
  }
  return { contentType: reply.contentType, body: reply.respData };
}
