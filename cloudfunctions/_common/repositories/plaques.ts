import { Collections } from '../collections';
import type { PlaqueDoc } from '../docs';
import { database } from '../sdk';

const coll = () => database().collection(Collections.plaques);

export const plaquesRepo = {
  /** The code on a door: one read by `_id`. */
  async byCode(code: string): Promise<PlaqueDoc | null> {
    const { data } = await coll().doc(code).get();
    return (data[0] as PlaqueDoc | undefined) ?? null;
  },
};
