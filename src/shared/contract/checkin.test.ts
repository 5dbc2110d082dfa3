import { checkinSections } from './checkin';

describe('checkin contract', () => {
  it('no action name is declared by two sections', () => {
    const names = Object.values(checkinSections).flatMap((section) => Object.keys(section));
    expect(names.length).toBe(new Set(names).size);
  });
});
