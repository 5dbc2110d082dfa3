import { randomBytes } from 'node:crypto';

/**
 * A server-made document id, chosen before the insert so that a claim (roster entry, invite) can
 * name the user it is for before that user's document exists.
 */
export function newId(): string {
  return randomBytes(12).toString('hex');
}
