import { z } from 'zod';
import { Id } from '../model';
import { PageInput, Timestamp } from './common';
import { action, ANYONE, type FunctionContract } from './define';

/** What the verification page shows: the issue record only, never more than the pack itself holds. */
export const DossierRecord = z
  .object({
    id: z.string(),
    /** Whom the pack is for, by name (no student number: anyone holding the pack may check it). */
    memberName: z.string(),
    issuedByName: z.string(),
    issuedAt: Timestamp,
    /** sha256 of the PDF file, hex. */
    digest: z.string(),
  })
  .strict();
export type DossierRecord = z.infer<typeof DossierRecord>;

/** A pack in its creator's or member's list. */
export const DossierItem = DossierRecord.extend({
  memberId: Id,
  /** Entries left out past the pack's limit (0: all of them are in it). */
  entriesLeftOut: z.number().int(),
}).strict();
export type DossierItem = z.infer<typeof DossierItem>;

/** Section of issue 11: the conversion evidence pack (PDF) and its verification. */
export const developDossierContract = {
  issueDossier: action({
    summary:
      "a counselor (their buildings) or an admin issues a probationary member's conversion evidence pack: a PDF with identity, hours with dates, room inspections, visits, duty, badges and stars, blockers and a QR to its check; stored for its creator and the member, recorded and audited",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'NOT_ELIGIBLE'],
    input: z.object({ memberId: Id }).strict(),
    /** `url`: a 10-minute download link for the creator. */
    output: DossierItem.extend({ fileID: z.string(), url: z.string(), pages: z.number().int() }).strict(),
  }),
  verifyDossier: action({
    summary: "anyone who scans a pack's QR checks that it was issued: whom for (name), by whom, when, the file's digest; a forged or unknown id answers NOT_FOUND; rate-limited",
    roles: ANYONE,
    errors: ['NOT_FOUND', 'RATE_LIMITED'],
    // Any text: a forged id is NOT_FOUND, never a hint about the id's form.
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: DossierRecord,
  }),
  listDossiers: action({
    summary: "packs the caller may download, newest first: a member's own; the ones a counselor or admin issued (cursor-paged)",
    roles: ['member', 'counselor', 'admin'],
    errors: [],
    input: z.object(PageInput).strict(),
    output: z.object({ items: z.array(DossierItem), nextCursor: z.string().nullable() }).strict(),
  }),
  dossierFile: action({
    summary: "a 10-minute download link of one pack, for its creator or its member only (anyone else: NOT_FOUND)",
    roles: ['member', 'counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id }).strict(),
    output: z.object({ url: z.string(), fileID: z.string() }).strict(),
  }),
} satisfies FunctionContract;
