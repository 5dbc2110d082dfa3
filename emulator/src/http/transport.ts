import type { ServerResponse } from 'node:http';
import { invalidParam } from '../errors';

/**
 * The two ways `wx.openApi` (and `wx.wxPayApi`) differ from every other SDK action: the request is
 * multipart/form-data (node-sdk's `isFormData`, built by the `form-data` package: text fields, and
 * the protobuf `requestData` as an application/octet-stream part), and a success is answered with
 * raw bytes. node-sdk parses a reply as JSON only when its content type is exactly
 * `application/json; charset=utf-8`, which is how failures still reach it as `{code, message}`.
 */
export const isMultipart = (contentType: string | undefined): boolean => /^multipart\/form-data/i.test(contentType ?? '');

/** Text parts become strings; parts that declare a content type (binary ones) stay Buffers. */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string | Buffer> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw invalidParam('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const next = Buffer.concat([Buffer.from('\r\n'), delimiter]);
  const fields: Record<string, string | Buffer> = {};
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw invalidParam('multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return fields;
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw invalidParam('malformed multipart body');
    const headersEnd = body.indexOf('\r\n\r\n', pos + 2);
    if (headersEnd < 0) throw invalidParam('malformed multipart part headers');
    const end = body.indexOf(next, headersEnd + 4);
    if (end < 0) throw invalidParam('unterminated multipart part');
    const headers = body.subarray(pos + 2, headersEnd).toString('utf8');
    const name = /;\s*name="([^"]*)"/i.exec(headers)?.[1];
    const content = body.subarray(headersEnd + 4, end);
    if (name !== undefined) fields[name] = /^content-type:/im.test(headers) ? Buffer.from(content) : content.toString('utf8');
    pos = end + 2;
  }
}

/** An action's answer that goes out as bytes rather than the JSON envelope. */
export interface RawReply {
  rawBody: Buffer;
  contentType: string;
}

export const rawReply = (rawBody: Buffer, contentType = 'application/octet-stream'): RawReply & Record<string, unknown> => ({ rawBody, contentType });

export function isRawReply(value: unknown): value is RawReply {
  const v = value as Partial<RawReply> | null;
  return !!v && Buffer.isBuffer(v.rawBody) && typeof v.contentType === 'string';
}

export function sendRaw(res: ServerResponse, reply: RawReply): void {
  res.writeHead(200, { 'content-type': reply.contentType, 'content-length': reply.rawBody.length });
  res.end(reply.rawBody);
}
