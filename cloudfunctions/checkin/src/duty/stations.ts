import { randomBytes, timingSafeEqual } from 'node:crypto';
import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { dutyContract } from '../../../../src/shared/contract/checkin-duty';
import { plaqueCodeFrom } from '../../../../src/shared/domain/plaque-code';
import { ACTIVITY_CODE_TTL_MS } from '../../../../src/shared/domain/volunteer';
import { encodeCursor } from '../../../_common/cursor';
import { newId } from '../../../_common/ids';
import { dutyRepo, type DutyStationDoc } from '../../../_common/repositories/checkin-duty';
import { orgRepo } from '../../../_common/repositories/org';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { buildingScope, inScope } from '../../../_common/scope';
import { auditorOf, BAD_CURSOR, cursorOf, keyHashOf } from './common';

type C = typeof dutyContract;

/** A counselor (their buildings) or an admin sets up a service station; audited. */
export const createStation: Handler<C['createStation']> = async (input, ctx) => {
  const actor = await ctx.actor();
  if (!(await orgRepo.buildingById(input.buildingId))) return fail('NOT_FOUND', '没有找到这栋楼');
  if (!inScope(actor, input.buildingId)) return fail('FORBIDDEN', '只能在你负责的楼栋设立服务站');
  const station: DutyStationDoc = {
    _id: newId(),
    buildingId: input.buildingId,
    name: input.name,
    place: input.place,
    keyHash: null,
    keyIssuedAt: null,
    createdBy: actor.user?._id ?? actor.openid,
    createdAt: ctx.now,
  };
  if (!(await dutyRepo.insertStation(station, auditorOf(actor))).ok) return fail('CONFLICT');
  return ok({ id: station._id });
};

export const stationSummaryOf = (s: DutyStationDoc) => ({
  id: s._id,
  buildingId: s.buildingId,
  name: s.name,
  place: s.place,
  keyIssued: s.keyHash !== null,
  createdAt: new Date(s.createdAt).toISOString(),
});

export const listStations: Handler<C['listStations']> = async ({ cursor, limit }, ctx) => {
  const after = cursorOf(cursor);
  if (after === 'bad') return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await dutyRepo.stationsPage(buildingScope(await ctx.actor()), after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(stationSummaryOf), nextCursor: page.more && last ? encodeCursor(new Date(last.createdAt), last._id) : null });
};

/**
 * A new display key: `stationId.secret`, shown once to the admin (who opens the station display with
 * it); only the secret's sha256 is stored, and issuing again replaces the previous key.
 */
export const issueStationKey: Handler<C['issueStationKey']> = async ({ stationId }, ctx) => {
  const actor = await ctx.actor();
  const secret = randomBytes(24).toString('base64url');
  const outcome = await dutyRepo.setKeyHash(stationId, keyHashOf(secret), auditorOf(actor), ctx.now);
  if (!outcome.ok) return fail(outcome.code, outcome.code === 'NOT_FOUND' ? '没有找到这个服务站' : undefined);
  return ok({ key: `${stationId}.${secret}` });
};

export const revokeStationKey: Handler<C['revokeStationKey']> = async ({ stationId }, ctx) => {
  const outcome = await dutyRepo.setKeyHash(stationId, null, auditorOf(await ctx.actor()), ctx.now);
  if (!outcome.ok) return fail(outcome.code, outcome.code === 'NOT_FOUND' ? '没有找到这个服务站' : undefined);
  return ok({ done: true as const });
};

function keyMatches(station: DutyStationDoc, secret: string): boolean {
  if (!station.keyHash) return false;
  const given = Buffer.from(keyHashOf(secret), 'hex');
  const stored = Buffer.from(station.keyHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * The station display asks for a fresh code every ~20 s (valid 30 s, as an activity's): a photo of
 * the QR stops working within half a minute. Only with the station's current key.
 */
export const stationCode: Handler<C['stationCode']> = async ({ key }, ctx) => {
  const dot = key.indexOf('.');
  const stationId = dot > 0 ? key.slice(0, dot) : '';
  const station = /^[A-Za-z0-9_-]{1,64}$/.test(stationId) ? await dutyRepo.stationById(stationId) : null;
  if (!station || !keyMatches(station, key.slice(dot + 1))) return fail('STATION_KEY_INVALID');
  const code = plaqueCodeFrom(randomBytes(10));
  const expiresAt = new Date(ctx.now.getTime() + ACTIVITY_CODE_TTL_MS);
  await dutyRepo.insertCode({ _id: code, stationId: station._id, expiresAt });
  return ok({ code, expiresAt: expiresAt.toISOString(), stationName: station.name, place: station.place });
};
