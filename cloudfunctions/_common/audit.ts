/**
 * Every privileged write leaves one: who, when, what, and the state before and after. Written only by
 * `auditIn` (repositories/audit.ts), inside the transaction of the change it records.
 */
export interface AuditEntry {
  actorOpenid: string;
  actorRole: string;
  action: string;
  target: { collection: string; id: string };
  before: unknown;
  after: unknown;
  reason?: string;
  /**
   * The building whose people or places the change touches, set by the repositories that know it: a
   * counselor's audit view shows only their buildings' records (account.auditLog). Records without one
   * (school-wide changes, and every record written before it existed) are shown to admins only.
   */
  buildingId?: string;
}

/** Who made a change: repositories take it and write the record in the change's own transaction. */
export type Auditor = Pick<AuditEntry, 'actorOpenid' | 'actorRole'>;
