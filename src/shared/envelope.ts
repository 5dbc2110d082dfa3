import { z } from 'zod';
import { AppErrorSchema, type AppErrorBody } from './errors';

/** Every action answers `{ok: true, data}` or `{ok: false, error: {code, message}}`; nothing else. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

export function replySchema<T extends z.ZodTypeAny>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: AppErrorSchema }),
  ]);
}

/** What a page sends to a function: the action's name and its input. */
export const RequestSchema = z.object({ action: z.string().min(1).max(64), input: z.unknown().optional() });
export type Request = z.infer<typeof RequestSchema>;
