/**
 * The conversion evidence pack (转正材料, issue 11 point 6): a PDF a counselor issues for a
 * probationary member, with a QR that opens a server-side check of the issue record. The rules the
 * verification page and the function share live here.
 */

/** The main-package page the pack's QR opens (a mini-program code: the page gets the id as `scene`). */
export const DOSSIER_VERIFY_PAGE = 'pages/dossier/index';

/** Entries listed in one pack, latest first; past this the pack says how many it left out. */
export const DOSSIER_ENTRY_LIMIT = 300;
/** Inspections, visits and duty records listed, latest first (the counts above them are complete up to this). */
export const DOSSIER_RECORD_LIMIT = 50;

/** A pack's download link lives ten minutes, like an export's. */
export const DOSSIER_URL_SECONDS = 600;

/** Issue ids are 24 lowercase hex characters (a mini-program code's scene holds at most 32). */
const DOSSIER_ID = /^[0-9a-f]{24}$/;

/**
 * The id a scanned code or a link carries: `scene` from a mini-program code (URL-encoded by WeChat),
 * `id` from a link. Anything that is not an issue id is null (the page says so without a call).
 */
export function dossierIdOf(query: { scene?: string; id?: string }): string | null {
  const raw = query.id ?? (query.scene ? safeDecode(query.scene) : undefined);
  const id = raw?.trim().toLowerCase();
  return id && DOSSIER_ID.test(id) ? id : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The digest a reader compares: sha256 of the file, shown in groups of eight for reading aloud. */
export function digestGroups(hex: string): string {
  return hex.match(/.{1,8}/g)?.join(' ') ?? hex;
}
