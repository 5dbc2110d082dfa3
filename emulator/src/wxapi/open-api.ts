import { int32Of, ProtoWriter, readFields } from './protobuf';

/**
 * The envelope of `wx.openApi`, as wx-server-sdk 4 (src/protobuf/openapi) defines it:
 * request `CommApiData{apiType=1, openapiData=2 OpenApiData{pairs=1 KeyValuePair{key=1, value=2,
 * contenttype=3, filename=4}}, appid=6}`, reply `CommOpenApiResp{respData=1, contentType=2,
 * errorCode=3, httpCode=4}`. Pair values are JSON, except media parts (those with a content type).
 */
export const API_TYPE_OPEN_API = 0;

export interface OpenApiRequest {
  apiType: number;
  appid: string;
  data: Record<string, unknown>;
}

function decodePair(buf: Buffer): [string, unknown] {
  let key = '';
  let value = Buffer.alloc(0) as Buffer;
  let contentType = '';
  for (const f of readFields(buf)) {
    if (f.field === 1) key = (f.value as Buffer).toString('utf8');
    else if (f.field === 2) value = f.value as Buffer;
    else if (f.field === 3) contentType = (f.value as Buffer).toString('utf8');
  }
  if (contentType) return [key, { contentType, value: Buffer.from(value) }];
  return [key, JSON.parse(value.toString('utf8'))];
}

/** Throws on anything that is not a well-formed CommApiData with JSON pair values. */
export function decodeOpenApiRequest(buf: Buffer): OpenApiRequest {
  const request: OpenApiRequest = { apiType: API_TYPE_OPEN_API, appid: '', data: {} };
  for (const f of readFields(buf)) {
    if (f.field === 1) request.apiType = int32Of(f.value);
    else if (f.field === 6) request.appid = (f.value as Buffer).toString('utf8');
    else if (f.field === 2) {
      for (const p of readFields(f.value as Buffer)) {
        if (p.field !== 1) continue;
        const [key, value] = decodePair(p.value as Buffer);
        request.data[key] = value;
      }
    }
  }
  return request;
}

export function encodeOpenApiReply(reply: { respData: Buffer; contentType: string; errorCode?: number; httpCode?: number }): Buffer {
  const w = new ProtoWriter().bytes(1, reply.respData).bytes(2, reply.contentType);
  if (reply.errorCode) w.uint(3, reply.errorCode);
  return w.uint(4, reply.httpCode ?? 200).finish();
}
