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

export async function audit(entry: AuditEntry, now: Date): Promise<void> {
  await database().collection(Collections.audit).add({ ...entry, at: now });
}
