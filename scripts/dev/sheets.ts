import QRCode from 'qrcode';
import { Collections } from '../../cloudfunctions/_common/collections';
import type { BuildingDoc, PlaqueDoc, RoomDoc } from '../../cloudfunctions/_common/docs';
import { sendJson, type Route } from '../../emulator/src/http/server';
import { plaqueH5Url } from '../../src/shared/domain/plaque-code';
import { Id } from '../../src/shared/model';
import type { Database } from '../demo/seed';
import { escapeHtml, page } from './html';
import { readAll } from './read-all';

export interface SheetDeps {
  db: () => Database;
  /** The server as a phone reaches it: with `--host`, the LAN address. */
  origin: () => string;
}

export interface SheetRoom {
  number: string;
  floor: number;
  /** The active code, or null when the room's code has no active plaque. */
  code: string | null;
  url: string | null;
}

/** Rooms of a building with their active codes, read from the database (so a reissued code prints the new one). */
export async function sheetRooms(deps: SheetDeps, buildingId: string): Promise<SheetRoom[]> {
  const db = deps.db();
  const [rooms, active] = await Promise.all([
    readAll<RoomDoc>(db.collection(Collections.rooms).where({ buildingId }).orderBy('floor', 'asc').orderBy('number', 'asc')),
    readAll<PlaqueDoc>(db.collection(Collections.plaques).where({ buildingId, status: 'active' }).orderBy('_id', 'asc')),
  ]);
  const activeCodes = new Set(active.map((p) => p._id));
  return rooms
    .sort((a, b) => a.floor - b.floor || a.number.localeCompare(b.number, 'en', { numeric: true }))
    .map((room) => {
      const code = activeCodes.has(room.plaqueCode) ? room.plaqueCode : null;
      return { number: room.number, floor: room.floor, code, url: code ? plaqueH5Url(deps.origin(), code) : null };
    });
}

const isLoopback = (origin: string) => /^https?:\/\/(127\.|localhost|\[::1\])/.test(origin);

const SHEET_STYLE = `
@page { size: A4; margin: 10mm; }
.toolbar { margin-bottom: 12px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.toolbar button { font-size: 16px; padding: 6px 16px; }
.floor { break-after: page; margin-bottom: 24px; }
.floor:last-child { break-after: auto; }
.floor h1 { font-size: 18px; text-align: center; margin: 0 0 2mm; }
.floor h2 { font-size: 13px; font-weight: normal; text-align: center; margin: 0 0 3mm; color: #555; }
.grid { display: grid; grid-template-columns: repeat(5, 1fr); border-top: 1px dashed #888; border-left: 1px dashed #888; }
.card { border-right: 1px dashed #888; border-bottom: 1px dashed #888; padding: 2mm; text-align: center; break-inside: avoid; box-sizing: border-box; height: 48mm; }
.card .qr svg { width: 30mm; height: 30mm; display: block; margin: 0 auto; }
.card .room { font-size: 20px; font-weight: 700; line-height: 1.2; }
.card .hint { font-size: 9px; color: #555; }
.card .missing { height: 30mm; display: flex; align-items: center; justify-content: center; color: #c62828; }
@media print { body { margin: 0; } .toolbar, .note { display: none; } .floor { margin: 0; } }
@media screen and (max-width: 700px) { .grid { grid-template-columns: repeat(3, 1fr); } }
`;

export async function renderSheet(building: Pick<BuildingDoc, 'name'>, rooms: SheetRoom[], origin: string): Promise<string> {
  const title = `${building.name} 党员挂牌二维码`;
  const floors = [...new Set(rooms.map((r) => r.floor))];
  const sections: string[] = [];
  for (const floor of floors) {
    const cards: string[] = [];
    for (const room of rooms.filter((r) => r.floor === floor)) {
      const qr = room.url ? `<div class="qr">${await QRCode.toString(room.url, { type: 'svg' })}</div>` : '<div class="missing">无有效挂牌编码</div>';
      cards.push(
        `<div class="card" data-room="${escapeHtml(room.number)}"${room.url ? ` data-url="${escapeHtml(room.url)}"` : ''}>${qr}` +
          `<div class="room">${escapeHtml(room.number)}</div><div class="hint">${escapeHtml(building.name)} · 扫码看本寝室党员 · 接受监督</div></div>`,
      );
    }
    sections.push(`<section class="floor"><h1>${escapeHtml(title)}</h1><h2>${floor}层 · ${cards.length}间</h2><div class="grid">\n${cards.join('\n')}\n</div></section>`);
  }
  const warning = isLoopback(origin)
    ? `<p class="note">这些二维码指向 ${escapeHtml(origin)}，只有本机能打开。要用手机扫码，请以 <code>npm start -- --host 0.0.0.0</code> 启动后重新打开本页。</p>`
    : `<p class="note">二维码指向 ${escapeHtml(origin)}：手机需与本机在同一网络。</p>`;
  const toolbar = `<div class="toolbar"><button onclick="window.print()">打印 (A4)</button><a href="/__dev/sheets">全部楼栋</a><span>沿虚线裁剪，贴在寝室门上。仅限本地演示。</span></div>`;
  return page(title, SHEET_STYLE, `${toolbar}\n${warning}\n${sections.join('\n')}`);
}

function renderIndex(buildings: { id: string; name: string; rooms: number }[]): string {
  const items = buildings.map((b) => `<li><a href="/__dev/sheets/${encodeURIComponent(b.id)}">${escapeHtml(b.name)}</a> · ${b.rooms}间寝室</li>`).join('\n');
  return page('党员挂牌二维码 · 楼栋', '', `<h1>党员挂牌二维码（本地演示）</h1>\n<p>选择楼栋，打印 A4 二维码页。</p>\n<ul>\n${items}\n</ul>`);
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
};

function sendHtml(res: import('node:http').ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
  res.end(html);
}

/** `GET /__dev/sheets` (buildings; JSON when asked for it) and `GET /__dev/sheets/<buildingId>` (the printable sheet). */
export function sheetRoutes(deps: SheetDeps): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/__dev\/sheets\/?$/,
      async handle(req, res) {
        req.resume();
        const db = deps.db();
        const buildings = await readAll<BuildingDoc>(db.collection(Collections.buildings).orderBy('name', 'asc'));
        const list = await Promise.all(
          buildings.map(async (b) => ({ id: b._id, name: b.name, rooms: (await db.collection(Collections.rooms).where({ buildingId: b._id }).count()).total as number })),
        );
        if ((req.headers.accept ?? '').includes('application/json')) {
          return sendJson(res, 200, { buildings: list.map((b) => ({ ...b, url: `/__dev/sheets/${encodeURIComponent(b.id)}` })) });
        }
        sendHtml(res, 200, renderIndex(list));
      },
    },
    {
      method: 'GET',
      path: /^\/__dev\/sheets\/[^/]+\/?$/,
      async handle(req, res, url) {
        req.resume();
        const id = Id.safeParse(safeDecode(url.pathname.split('/')[3]));
        const { data } = id.success ? await deps.db().collection(Collections.buildings).doc(id.data).get() : { data: [] };
        const building = data[0] as BuildingDoc | undefined;
        if (!id.success || !building) return sendHtml(res, 404, page('没有这个楼栋', '', '<p>没有这个楼栋。<a href="/__dev/sheets">全部楼栋</a></p>'));
        const origin = deps.origin();
        sendHtml(res, 200, await renderSheet(building, await sheetRooms(deps, building._id), origin));
      },
    },
  ];
}
