import { badgeSections } from './badge';

describe('badge contract', () => {
  it('no action name is declared by two sections', () => {
    const names = Object.values(badgeSections).flatMap((section) => Object.keys(section));
    expect(names.length).toBe(new Set(names).size);
  });
});
