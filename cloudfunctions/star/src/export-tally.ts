import ExcelJS from 'exceljs';
import type { starContract } from '../../../src/shared/contract/star';
import { flagLabels, roundPhaseLabels } from '../../../src/shared/domain/star';
import { Collections } from '../../_common/collections';
import { starsRepo } from '../../_common/repositories/stars';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { iso } from '../../plaque/src/iso';
import { storeExport } from '../../volunteer/src/export-file';
import { managesRound } from './access';
import { phaseOf } from './views';

export const TALLY_HEADERS = ['排名', '候选人', '得票'] as const;
export const FLAG_HEADERS = ['类型', '数量', '说明'] as const;

/** A tallied round's tally, its figures and its flags as an .xlsx for the 党总支's records. Audited. */
export const exportTally: Handler<typeof starContract.exportTally> = async ({ roundId }, ctx) => {
  const me = await ctx.actor();
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!managesRound(me, round)) return fail('FORBIDDEN', '这轮评选不在你负责的楼栋范围内');
  if (round.state === 'open' || !round.tally) return fail('ROUND_PHASE', '计票完成后才能导出计票结果');

  const book = new ExcelJS.Workbook();
  book.creator = '社区党建';
  book.title = round.title;
  const sheet = book.addWorksheet('计票结果');
  sheet.addRow([round.title]).font = { bold: true };
  sheet.addRow(['范围', round.scopeLabel]);
  sheet.addRow(['投票时间', `${iso(round.voteFrom)} 至 ${iso(round.voteUntil)}`]);
  sheet.addRow(['投票人数 / 选民人数', `${round.ballots ?? 0} / ${round.electorate ?? 0}`]);
  sheet.addRow(['每人可投', round.votesPerVoter]);
  sheet.addRow(['状态', roundPhaseLabels[phaseOf(round, ctx.now)]]);
  sheet.addRow(['每月之星', round.star?.name ?? '（未公布）']);
  if (round.starReason) sheet.addRow(['未选得票最多者的理由', round.starReason]);
  sheet.addRow([]);
  sheet.addRow([...TALLY_HEADERS]).font = { bold: true };
  for (const row of round.tally) sheet.addRow([row.rank, row.name, row.votes]);
  sheet.columns.forEach((c, i) => (c.width = [20, 30, 12][i] ?? 12));

  const flags = book.addWorksheet('异常提示');
  flags.addRow([...FLAG_HEADERS]).font = { bold: true };
  for (const f of round.flags ?? []) flags.addRow([flagLabels[f.kind], f.count, f.detail]);
  flags.columns.forEach((c, i) => (c.width = [28, 8, 60][i] ?? 12));

  const file = Buffer.from(await book.xlsx.writeBuffer());
  const stored = await storeExport(file, `star-tally-${round._id}`, ctx, {
    actorOpenid: ctx.caller.openid,
    actorRole: me.role,
    action: 'star.exportTally',
    target: { collection: Collections.starRounds, id: round._id },
    before: null,
    after: { rows: round.tally.length, ballots: round.ballots },
  });
  if (!stored) return fail('CONFLICT');
  return ok({ fileID: stored.fileID, rows: round.tally.length, url: stored.url });
};
