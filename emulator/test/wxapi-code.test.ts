import http from 'node:http';
import type { AddressInfo } from 'node:net';
import tcb from '@cloudbase/node-sdk';
import { decodePng, PNG_SIGNATURE, qrEncodes } from './support/qr-png';
import { decodeOpenApiRequest } from '../src/wxapi/open-api';
// A small codec of the tests' own builds and reads messages here; the emulator decodes with protobufjs.
import { ProtoWriter, readFields } from './support/protobuf';
import { isRawReply, parseMultipart } from '../src/http/transport';
import { WxOpenApi } from '../src/wxapi';
import { sdkFor, startTestEmulator, type TestEmulator } from './helpers';

/**
 * `wx.openApi` (mini-program codes): what the real SDKs send is decoded, and what the emulator
 * answers is decoded by the real SDKs. wx-server-sdk's protobufjs classes are the reference for
 * the hand-written protobuf on both sides.
 */
let emu: TestEmulator;
let cloud: any;
const saved = { ...process.env };

beforeAll(async () => {
  emu = await startTestEmulator();
  Object.assign(process.env, emu.sdkEnv());
  jest.isolateModules(() => {
    cloud = require('wx-server-sdk');
  });
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
});
afterAll(async () => {
  process.env = saved;
  await emu.cleanup();
});

const PAGE = 'pages/item/index';
const SCENE = 'ABCDEFGHJKMNPQRS';

/** A CommApiData as wx-server-sdk builds it: OPEN_API, pairs of snake_case keys and JSON values. */
function commApiData(data: Record<string, unknown>): Buffer {
  const pairs = new ProtoWriter();
  for (const [key, value] of Object.entries(data)) pairs.message(1, new ProtoWriter().bytes(1, key).bytes(2, JSON.stringify(value)));
  return new ProtoWriter().uint(1, 0).message(2, pairs).finish();
}

/** The bytes node-sdk puts on the wire for callCompatibleWxOpenApi, caught by a throwaway server. */
async function captureSdkRequest(requestData: Buffer): Promise<{ contentType: string; body: Buffer }> {
  let seen: { contentType: string; body: Buffer } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen = { contentType: String(req.headers['content-type']), body: Buffer.concat(chunks) };
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const app = tcb.init({ env: 'e', secretId: 'AKIDx', secretKey: 'k', serviceUrl: `http://127.0.0.1:${port}/admin` });
  await app.callCompatibleWxOpenApi({ apiName: 'wxacode.getUnlimited', requestData }).catch(() => undefined);
  await new Promise((resolve) => server.close(resolve));
  if (!seen) throw new Error('the SDK sent nothing');
  return seen;
}

describe('wx.openApi request decoding (no server needed)', () => {
  it('parses the multipart body node-sdk sends, keeping the protobuf part as bytes', async () => {
    const requestData = commApiData({ scene: SCENE, page: PAGE, check_path: false });
    const { contentType, body } = await captureSdkRequest(requestData);
    const fields = parseMultipart(body, contentType);
    expect(fields).toMatchObject({ action: 'wx.openApi', apiName: 'wxacode.getUnlimited', envName: 'e' });
    expect(Buffer.isBuffer(fields.requestData) && fields.requestData.equals(requestData)).toBe(true);
    expect(decodeOpenApiRequest(fields.requestData as Buffer)).toEqual({ apiType: 0, appid: '', data: { scene: SCENE, page: PAGE, check_path: false } });
  });

  it('answers with a raw CommOpenApiResp carrying a PNG of the page and scene, and records the call', async () => {
    const wx = new WxOpenApi();
    const action = wx.actions().get('wx.openApi')!;
    const reply = await action({ apiName: 'wxacode.getUnlimited', requestData: commApiData({ scene: SCENE, page: PAGE, check_path: false }) }, { requestId: 'r', env: 'e' });
    expect(isRawReply(reply)).toBe(true);
    const fields = new Map(readFields((reply as { rawBody: Buffer }).rawBody).map((f) => [f.field, f.value]));
    expect((fields.get(2) as Buffer).toString()).toBe('image/png');
    expect(fields.get(4)).toBe(200n);
    const png = fields.get(1) as Buffer;
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(qrEncodes(decodePng(png), `${PAGE}?scene=${SCENE}`)).toBe(true);
    expect(wx.calls).toEqual([expect.objectContaining({ apiName: 'wxacode.getUnlimited', request: { scene: SCENE, page: PAGE, check_path: false }, response: { contentType: 'image/png', byteLength: png.length } })]);
  });

  it('refuses a request that is not a CommApiData, and an API it does not emulate', async () => {
    const action = new WxOpenApi().actions().get('wx.openApi')!;
    const ctx = { requestId: 'r', env: 'e' };
    await expect(action({ apiName: 'wxacode.getUnlimited', requestData: Buffer.from([0xff, 0xff]) }, ctx)).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    await expect(action({ apiName: 'wxacode.getUnlimited', requestData: 'text' }, ctx)).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    await expect(action({ apiName: 'subscribeMessage.send', requestData: commApiData({}) }, ctx)).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  });
});

describe('wx.openApi through the local CloudBase and the real SDKs', () => {
  it('wx-server-sdk openapi.wxacode.getUnlimited gets a PNG that opens the page with the scene', async () => {
    const result = await cloud.openapi.wxacode.getUnlimited({ scene: SCENE, page: PAGE, checkPath: false, width: 300 });
    expect(result).toMatchObject({ errCode: 0, contentType: 'image/png' });
    const png = decodePng(result.buffer);
    expect(png.width).toBe(300);
    expect(qrEncodes(png, `${PAGE}?scene=${SCENE}`)).toBe(true);
    expect(emu.wx.calls.at(-1)).toMatchObject({ apiName: 'wxacode.getUnlimited', request: { scene: SCENE, page: PAGE, check_path: false, width: 300 } });
  });

  it("answers WeChat's error codes as WeChat does (wx-server-sdk throws them)", async () => {
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'x'.repeat(33), page: PAGE })).rejects.toMatchObject({ errCode: 40169 });
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: '中文', page: PAGE })).rejects.toMatchObject({ errCode: 40129 });
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: SCENE, page: '/pages/plaque/index' })).rejects.toMatchObject({ errCode: 41030 });
  });

  it('node-sdk callCompatibleWxOpenApi gets the raw protobuf reply; CloudBase-level errors come back as errors', async () => {
    const app = sdkFor(emu);
    const raw = await app.callCompatibleWxOpenApi({ apiName: 'wxacode.getUnlimited', requestData: commApiData({ scene: SCENE, page: PAGE }) });
    expect(Buffer.isBuffer(raw)).toBe(true);
    const fields = new Map(readFields(raw).map((f) => [f.field, f.value]));
    expect((fields.get(2) as Buffer).toString()).toBe('image/png');
    await expect(app.callCompatibleWxOpenApi({ apiName: 'cgi.unknown', requestData: commApiData({}) })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  });
});
