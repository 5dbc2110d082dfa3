import { developSections } from './develop';

describe('develop contract', () => {
  it('no action name is declared by two sections', () => {
    const names = Object.values(developSections).flatMap((section) => Object.keys(section));
    expect(names.length).toBe(new Set(names).size);
  });
});
