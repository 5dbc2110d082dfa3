import type { ImportJob } from '../../../src/shared/contract/roster';
import type { ImportJobDoc } from '../../_common/repositories/roster-imports';

/** A job as the page sees it (everything but who made it and where the file is). */
export function jobView(job: ImportJobDoc): ImportJob {
  return {
    jobId: job._id,
    kind: job.kind,
    full: job.full,
    fileName: job.fileName,
    createdAt: new Date(job.createdAt).toISOString(),
    rows: job.rows,
    headerRow: job.headerRow,
    collapsed: job.collapsed,
    errors: job.errors,
    errorCount: job.errorCount,
    counts: {
      added: job.counts.added ?? 0,
      changed: job.counts.changed ?? 0,
      moved: job.counts.moved ?? 0,
      left: job.counts.left ?? 0,
      roomCreated: job.counts.roomCreated ?? 0,
      buildingCreated: job.counts.buildingCreated ?? 0,
      notListed: job.counts.notListed ?? 0,
      unchanged: job.counts.unchanged ?? 0,
    },
    total: job.total,
    applied: job.applied,
    chunks: job.chunks,
    status: job.status,
  };
}
