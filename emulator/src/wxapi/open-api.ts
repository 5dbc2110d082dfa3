import protobuf from 'protobufjs';
import { parseBoundedJson } from '../http/json-depth';

/**
 * The envelope of `wx.openApi`, as wx-server-sdk 4 (src/protobuf/openapi) defines it:
 * request `CommApiData{apiType=1, openapiData=2 OpenApiData{pairs=1 KeyValuePair{key=1, value=2,
 * contenttype=3, filename=4}}, appid=6}`, reply `CommOpenApiResp{respData=1, contentType=2,
 * errorCode=3, httpCode=4}`. Pair values are JSON, except media parts (those with a content type).
 * Decoded with protobufjs, independently of the functions' own small encoder.
 */
export const API_TYPE_OPEN_API = 0;

const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: { fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 }, contenttype: { type: 'string', id: 3 }, filename: { type: 'string', id: 4 } } },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: { fields: { apiType: { type: 'int32', id: 1 }, openapiData: { type: 'OpenApiData', id: 2 }, appid: { type: 'string', id: 6 } } },
    CommOpenApiResp: { fields: { respData: { type: 'bytes', id: 1 }, contentType: { type: 'string', id: 2 }, errorCode: { type: 'int32', id: 3 }, httpCode: { type: 'int32', id: 4 } } },
  },
});
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export interface OpenApiRequest {
  apiType: number;
  appid: string;
  data: Record<string, unknown>;
}

interface Pair {
  key?: string;
  value?: Uint8Array;
  contenttype?: string;
}

/** Throws on anything that is not a well-formed CommApiData with JSON pair values. */
export function decodeOpenApiRequest(buf: Buffer): OpenApiRequest {
  const message = CommApiData.toObject(CommApiData.decode(buf), { defaults: true }) as {
    apiType: number;
    appid: string;
    openapiData?: { pairs?: Pair[] };
  };
  const data: Record<string, unknown> = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    const value = Buffer.from(pair.value ?? []);
    data[pair.key ?? ''] = pair.contenttype ? { contentType: pair.contenttype, value } : parseBoundedJson(value, `pair ${pair.key}`);
  }
  return { apiType: message.apiType, appid: message.appid, data };
}

export function encodeOpenApiReply(reply: { respData: Buffer; contentType: string; errorCode?: number; httpCode?: number }): Buffer {
  const message = CommOpenApiResp.create({ respData: reply.respData, contentType: reply.contentType, errorCode: reply.errorCode ?? 0, httpCode: reply.httpCode ?? 200 });
  return Buffer.from(CommOpenApiResp.encode(message).finish());
}
