import type { maintenanceContract } from '../../../src/shared/contract/maintenance';
import type { Auditor } from '../../_common/audit';
import { defaultRetentionDays, ERASURE_BATCH, leavingRepo } from '../../_common/repositories/leaving';
import { settingsRepo } from '../../_common/repositories/settings';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { discardFiles } from '../../_common/storage';

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION: Auditor = { actorOpenid: 'system:retention', actorRole: 'system' };

export interface RetentionRun {
  cutoff: string;
  people: number;
  entries: number;
  visits: number;
  /** 公示 and ballots of the person (name; openid and network address). */
  records: number;
  photos: number;
  /** People whose entries need another firing (over 1,000 entries); they are finished then. */
  deferred: number;
  conflicts: number;
}

/** The school's period (`school_settings`, `_id` retention), or the deploy's default while none is stored. */
async function retentionSetting(): Promise<{ days: number; isDefault: boolean; updatedAt: string | null }> {
  const stored = await settingsRepo.get('retention');
  if (!stored) return { days: defaultRetentionDays(), isDefault: true, updatedAt: null };
  return { days: stored.value.days, isDefault: false, updatedAt: stored.updatedAt ? stored.updatedAt.toISOString() : null };
}

export const retention: Handler<typeof maintenanceContract.retention> = async () => ok(await retentionSetting());

export const setRetention: Handler<typeof maintenanceContract.setRetention> = async ({ days }, { caller, now }) => {
  const by = { actorOpenid: caller.openid, actorRole: 'admin' as const };
  const outcome = await settingsRepo.save('retention', { days }, { action: 'retention.set', none: { days: defaultRetentionDays() } }, by, now);
  if (!outcome.ok) return fail('CONFLICT', '保留期刚刚被修改过，请刷新后重试');
  return ok(await retentionSetting());
};

/**
 * The retention timer (run by the nightly trigger after the sweep; CloudBase allows one trigger per function): people who left longer ago than the school's
 * period are anonymised, at most ERASURE_BATCH per firing, longest gone first. Per person: their
 * entries' words and photos first (resumable: found by the name still on them), then the person in one
 * audited transaction, then their photos from storage (a failed delete is retried by the sweep). A
 * firing that anonymised anyone leaves one audit record with its counts; one with nothing to do writes
 * nothing, so firing twice changes nothing the second time.
 */
export async function retentionSweep(now: Date): Promise<RetentionRun> {
  const { days } = await retentionSetting();
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const run: RetentionRun = { cutoff: cutoff.toISOString(), people: 0, entries: 0, visits: 0, records: 0, photos: 0, deferred: 0, conflicts: 0 };
  for (const person of await leavingRepo.dueForErasure(cutoff, ERASURE_BATCH)) {
    const memberId = await leavingRepo.memberIdOf(person._id);
    if (memberId) {
      const entries = await leavingRepo.eraseEntries(memberId);
      run.entries += entries.entries;
      run.photos += entries.photos.length;
      await discardFiles(entries.photos, 'retention.anonymise', now);
      if (entries.more) {
        run.deferred += 1;
        continue;
      }
      run.visits += await leavingRepo.eraseVisits(memberId);
    }
    run.records += await leavingRepo.eraseRecords(person._id);
    const erased = await leavingRepo.eraseIn(person._id, memberId, now, RETENTION);
    if (erased === 'conflict') run.conflicts += 1;
    if (!erased || erased === 'conflict') continue;
    run.people += 1;
    if (erased.photo) {
      run.photos += 1;
      await discardFiles([erased.photo], 'retention.anonymise', now);
    }
  }
  if (run.people + run.entries + run.visits + run.records > 0) {
    const { cutoff: _c, ...counts } = run;
    await leavingRepo.auditRun(counts, cutoff, now, RETENTION);
  }
  return run;
}
