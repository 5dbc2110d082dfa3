import { PlaqueCode } from '../shared/contract/common';
import { normalizePlaqueCode } from '../shared/domain/plaque-print';

/** A mini-program code delivers `scene` URL-encoded; an h5 link may too. A bad escape is kept as it is. */
export function decodeScene(raw: string | undefined): string {
  if (!raw) return '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/**
 * The plaque code in whatever a scan returns: a mini-program code's `path`
 * (`pages/plaque/index?scene=...`), the local sheet's h5 URL (`...#/pages/plaque/index?scene=...`),
 * or a bare code typed in (as printed on the door card, in groups of four: spaces and dashes are
 * dropped). Null when nothing in it looks like a plaque code.
 */
export function plaqueCodeIn(text: string | undefined): string | null {
  if (!text) return null;
  const fromQuery = /[?&]scene=([^&#]+)/.exec(text)?.[1];
  const candidate = fromQuery ? decodeScene(fromQuery) : normalizePlaqueCode(text.trim());
  const parsed = PlaqueCode.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}
