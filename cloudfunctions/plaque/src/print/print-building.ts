import type { plaqueContract } from '../../../../src/shared/contract/plaque';
import { PLAQUE_PAGE } from '../../../../src/shared/domain/plaque-code';
import { PLAQUE_PRINT_PART_ROOMS, plaqueCardSizeLabels, plaqueRoomChoiceLabels } from '../../../../src/shared/domain/plaque-print';
import { Collections } from '../../../_common/collections';
import { decodeStateCursor, encodeStateCursor } from '../../../_common/cursor';
import type { RoomDoc } from '../../../_common/docs';
import { storeExportFile } from '../../../_common/exports';
import { orgRepo } from '../../../_common/repositories/org';
import { plaquesRepo } from '../../../_common/repositories/plaques';
import { fail, ok, type Result } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { unlimitedCode } from '../../../_common/wx-code';
import { qrPixels, renderCards, type Card } from './cards';

/**
 * Mini-program codes asked of WeChat at once. Each is a network round trip (WeChat allows 5,000 a
 * minute), so a part's time is about rooms / QR_CONCURRENCY round trips; the PDF itself is ~3 ms a card.
 */
export const QR_CONCURRENCY = 8;

interface PartCursor {
  b: string;
  f: number;
  n: string;
  i: string;
}

function readCursor(cursor: string, buildingId: string): { floor: number; number: string; id: string } | null {
  const s = decodeStateCursor(cursor) as Partial<PartCursor> | null;
  if (!s || s.b !== buildingId || typeof s.f !== 'number' || typeof s.n !== 'string' || typeof s.i !== 'string') return null;
  return { floor: s.f, number: s.n, id: s.i };
}

/**
 * Each room's code as a PNG, a few requests at a time. A request that fails is asked once more (a
 * slow answer among a hundred is no reason to lose the part); a second failure answers for all.
 */
async function qrCodes(rooms: RoomDoc[], width: number): Promise<Result<Buffer[]>> {
  const out: Buffer[] = new Array(rooms.length);
  let next = 0;
  let failed: Result<Buffer[]> | null = null;
  const worker = async () => {
    while (!failed && next < rooms.length) {
      const i = next++;
      const ask = () => unlimitedCode({ scene: rooms[i].plaqueCode, page: PLAQUE_PAGE, width });
      let png = await ask();
      if (!png.ok) png = await ask();
      if (!png.ok) failed = png;
      else out[i] = png.data;
    }
  };
  await Promise.all(Array.from({ length: Math.min(QR_CONCURRENCY, rooms.length) }, worker));
  return failed ?? ok(out);
}

/**
 * A building's door cards as a PDF (see renderCards), for its admin or a counselor of the building.
 * One call prints at most PLAQUE_PRINT_PART_ROOMS rooms, ending at a floor where it can: a big
 * building comes in parts, each answering the cursor of the next. Each room's mini-program code comes
 * from WeChat's wxacode.getUnlimited with the room's current code as its scene (so a reissued code
 * prints the new one). The file is the caller's export (exports/<openid>/, a ten-minute URL, swept
 * after a day), recorded with its audit.
 */
export const printBuilding: Handler<typeof plaqueContract.printBuilding> = async ({ buildingId, rooms: choice, size, cursor }, ctx) => {
  const me = await ctx.actor();
  if (!inScope(me, buildingId)) return fail('FORBIDDEN', '这栋楼不在你负责的范围内');
  const after = cursor === undefined ? null : readCursor(cursor, buildingId);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分批打印的进度无效，请从第一份重新生成');
  const building = await orgRepo.buildingById(buildingId);
  if (!building) return fail('NOT_FOUND', '没有找到这栋楼');

  // One room past the part tells whether the part's last floor goes on.
  const page = await orgRepo.roomsPage(buildingId, after, PLAQUE_PRINT_PART_ROOMS + 1);
  let part = page.items.slice(0, PLAQUE_PRINT_PART_ROOMS);
  const following = page.items[PLAQUE_PRINT_PART_ROOMS];
  const last = part[part.length - 1];
  if (following && last && following.floor === last.floor) {
    // End the part at a floor, unless one floor alone is more than a part.
    const whole = part.filter((r) => r.floor < last.floor);
    if (whole.length > 0) part = whole;
  }
  const end = part[part.length - 1];
  const nextCursor = end && (following || page.more) ? encodeStateCursor({ b: buildingId, f: end.floor, n: end.number, i: end._id } satisfies PartCursor) : null;
  const floors = part.length ? { from: part[0].floor, to: part[part.length - 1].floor } : null;

  let printed = part;
  if (choice === 'consenting') {
    const shown = await plaquesRepo.roomsWithPublicMembers(part.map((r) => r._id));
    printed = part.filter((r) => shown.has(r._id));
  }
  if (printed.length === 0) return ok({ fileID: null, url: null, cards: 0, pages: 0, bytes: 0, floors, nextCursor });

  const pngs = await qrCodes(printed, qrPixels(size));
  if (!pngs.ok) return pngs;
  const cards: Card[] = printed.map((r, i) => ({ buildingName: building.name, roomNumber: r.number, code: r.plaqueCode, qrPng: pngs.data[i] }));
  const floorsLabel = floors && (after || nextCursor) ? (floors.from === floors.to ? ` ${floors.from}层` : ` ${floors.from}-${floors.to}层`) : '';
  const { pdf, pages } = await renderCards(cards, size, `${building.name}${floorsLabel} 党员寝室门牌`);

  const name = `plaques-${buildingId}${floors && (after || nextCursor) ? `-f${floors.from}-${floors.to}` : ''}`;
  const stored = await storeExportFile(pdf, name, 'pdf', ctx, {
    actorOpenid: ctx.caller.openid,
    actorRole: me.role,
    action: 'plaque.printBuilding',
    target: { collection: Collections.buildings, id: buildingId },
    before: null,
    after: { rooms: plaqueRoomChoiceLabels[choice], size: plaqueCardSizeLabels[size], cards: cards.length, floors, pages, bytes: pdf.length },
  });
  if (!stored) return fail('CONFLICT', '生成时遇到并发操作，请再试一次');
  return ok({ fileID: stored.fileID, url: stored.url, cards: cards.length, pages, bytes: pdf.length, floors, nextCursor });
};
