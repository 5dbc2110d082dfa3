import path from 'node:path';
import { z } from 'zod';
import { sniffPhoto } from './mime';

/**
 * What the client upload endpoint takes, by path and by content. CloudBase's own client upload takes
 * any bytes under any name that the storage rules allow: that is the default here too. A project
 * that checks files itself (and wants the local client endpoint to refuse what its pages must never
 * send) passes rules: the first rule whose `path` matches decides, and the bytes must show one of its
 * `types`; a path no rule matches is refused. `*` stands for one path segment or part of one, `**`
 * for any number of segments.
 *
 *   [{ "path": "user/*\/imports/*", "types": ["xlsx", "csv"] }, { "path": "**", "types": ["jpeg", "png", "webp"] }]
 */
export interface ClientUploadRule {
  path: string;
  types: UploadType[];
}

const isZip = (head: Buffer) => head.length >= 4 && head.readUInt32BE(0) === 0x504b0304;
const extOf = (cloudPath: string) => path.posix.extname(cloudPath).toLowerCase();

/**
 * A text file by its bytes: no NUL byte unless it opens with a UTF-16 BOM, not a photo or a zip, and
 * not starting like markup, so a page, a drawing or a program renamed .csv is refused.
 */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (!utf16 && head.includes(0)) return false;
  if (sniffPhoto(head) || isZip(head)) return false;
  const text = head.subarray(0, 512).toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart();
  return !text.startsWith('<');
}

/**
 * The types a rule can name. Photos by their magic numbers whatever the name; documents by their
 * bytes and their name together (an .xlsx is a zip named .xlsx, a .csv is text named .csv).
 */
export const UPLOAD_TYPES = {
  jpeg: (head: Buffer) => sniffPhoto(head) === 'image/jpeg',
  png: (head: Buffer) => sniffPhoto(head) === 'image/png',
  webp: (head: Buffer) => sniffPhoto(head) === 'image/webp',
  gif: (head: Buffer) => head.length >= 6 && ['GIF87a', 'GIF89a'].includes(head.toString('latin1', 0, 6)),
  pdf: (head: Buffer, cloudPath: string) => extOf(cloudPath) === '.pdf' && head.toString('latin1', 0, 5) === '%PDF-',
  xlsx: (head: Buffer, cloudPath: string) => extOf(cloudPath) === '.xlsx' && isZip(head),
  docx: (head: Buffer, cloudPath: string) => extOf(cloudPath) === '.docx' && isZip(head),
  csv: (head: Buffer, cloudPath: string) => extOf(cloudPath) === '.csv' && looksLikeText(head),
  txt: (head: Buffer, cloudPath: string) => extOf(cloudPath) === '.txt' && looksLikeText(head),
  any: () => true,
} satisfies Record<string, (head: Buffer, cloudPath: string) => boolean>;

export type UploadType = keyof typeof UPLOAD_TYPES;

const Rules = z.array(
  z
    .object({
      path: z.string().min(1),
      types: z.array(z.enum(Object.keys(UPLOAD_TYPES) as [UploadType, ...UploadType[]])).min(1),
    })
    .strict(),
);

function patternOf(glob: string): RegExp {
  const body = glob
    .split('**')
    .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export interface UploadPolicy {
  /** Undefined when the file may be stored; otherwise why not (answered with 415). */
  refusal(cloudPath: string, bytes: Buffer): string | undefined;
}

/** Everything the storage rules allow (CloudBase's behaviour), or the given rules; malformed rules throw. */
export function uploadPolicy(rules: unknown): UploadPolicy {
  if (rules === undefined) return { refusal: () => undefined };
  const parsed = Rules.safeParse(rules);
  if (!parsed.success) throw new Error(`client upload rules: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const compiled = parsed.data.map((r) => ({ ...r, pattern: patternOf(r.path) }));
  return {
    refusal(cloudPath, bytes) {
      const rule = compiled.find((r) => r.pattern.test(cloudPath));
      if (!rule) return `no client upload is taken at ${cloudPath}`;
      if (rule.types.some((t) => UPLOAD_TYPES[t](bytes, cloudPath))) return undefined;
      return `${cloudPath} takes only ${rule.types.join(', ')} files (checked by content, rule "${rule.path}")`;
    },
  };
}
