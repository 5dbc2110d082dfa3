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

/** Who made a change: repositories take it and write the record in the change's own transaction. */
export type Auditor = Pick<AuditEntry, 'actorOpenid' | 'actorRole'>;

/**
 * The stored record. There is deliberately no function that writes one on its own: records are
 * written only by `auditIn` (repositories/audit.ts), inside the transaction of the change they record.
 */
export function auditRecord(entry: AuditEntry, now: Date) {
  return { ...entry, at: now };
}
