import { Collections } from './collections';
import { database } from './sdk';

/** Every privileged write leaves one: who, when, what, and the state before and after. */
export interface AuditEntry {
  actorOpenid: string;
  actorRole: string;
  action: string;
  target: { collection: string; id: string };
  before: unknown;
  after: unknown;
  reason?: string;
}

/** The stored record; transactions that audit in the same commit add it themselves. */
export function auditRecord(entry: AuditEntry, now: Date) {
  return { ...entry, at: now };
}

export async function audit(entry: AuditEntry, now: Date): Promise<void> {
  await database().collection(Collections.audit).add(auditRecord(entry, now));
}
