import { decodeScene, plaqueCodeIn } from './scene';

const CODE = 'ABCDEFGHJKMNPQRS';

describe('reading a plaque code from a scan or a link', () => {
  it('decodes the scene a mini-program code passes, and survives a bad escape', () => {
    expect(decodeScene(encodeURIComponent(` ${CODE} `))).toBe(CODE);
    expect(decodeScene('%E0%A4%A')).toBe('%E0%A4%A');
    expect(decodeScene(undefined)).toBe('');
  });

  it.each([
    ['a mini-program code path', `pages/plaque/index?scene=${CODE}`],
    ['an h5 plaque URL', `http://127.0.0.1:9090/#/pages/plaque/index?scene=${CODE.toLowerCase()}`],
    ['an encoded scene among other params', `pages/plaque/index?from=x&scene=${encodeURIComponent(CODE)}&y=1`],
    ['a bare code typed in', ` ${CODE.toLowerCase()} `],
    ['the code as the door card prints it, in groups of four', 'ABCD EFGH JKMN PQRS'],
    ['the grouped code typed with dashes', 'abcd-efgh-jkmn-pqrs'],
  ])('finds it in %s', (_label, text) => expect(plaqueCodeIn(text)).toBe(CODE));

  it.each([['https://example.com/'], ['pages/plaque/index?scene=SHORT'], [''], [undefined]])('finds none in %s', (text) => {
    expect(plaqueCodeIn(text)).toBeNull();
  });
});
