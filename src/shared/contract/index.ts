import { accountContract } from './account';
import { plaqueContract } from './plaque';
import { volunteerContract } from './volunteer';
import { maintenanceContract } from './maintenance';
import { starContract } from './star';
import { checkinContract } from './checkin';
import { badgeContract } from './badge';
import { developContract } from './develop';
import { orgContract } from './org';
import { rosterContract } from './roster';
import type { FunctionContract } from './define';

/** Every cloud function and its actions: the one registry pages, functions and tests read. */
export const contracts = {
  account: accountContract,
  plaque: plaqueContract,
  volunteer: volunteerContract,
  maintenance: maintenanceContract,
  star: starContract,
  checkin: checkinContract,
  badge: badgeContract,
  develop: developContract,
  org: orgContract,
  roster: rosterContract,
} satisfies Record<string, FunctionContract>;

export type FunctionName = keyof typeof contracts;
export type ActionName<F extends FunctionName> = keyof (typeof contracts)[F] & string;
