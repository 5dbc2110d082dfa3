/** Stored dates come back as Date objects; the contract carries ISO strings (JSON has no Date). */
export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

export const isoOrNull = (value: Date | string | null | undefined): string | null => (value ? iso(value) : null);
