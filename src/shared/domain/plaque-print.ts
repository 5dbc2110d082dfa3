/**
 * Printed door cards (门牌) for a building: the sizes an admin can choose, how many fit an A4 sheet,
 * the line every card carries, and the code as printed for typing. The page and the plaque function
 * both read these.
 */

export const PLAQUE_CARD_SIZES = ['a6', 'card', 'a5'] as const;
export type PlaqueCardSize = (typeof PLAQUE_CARD_SIZES)[number];

/** Columns and rows of cards on one A4 sheet (portrait), cut along the dashed lines. */
export const PLAQUE_CARD_GRID: Record<PlaqueCardSize, { columns: number; rows: number }> = {
  a5: { columns: 1, rows: 2 },
  a6: { columns: 2, rows: 2 },
  card: { columns: 2, rows: 5 },
};

export const plaqueCardSizeLabels: Record<PlaqueCardSize, string> = {
  a6: 'A6（每张A4裁4张）',
  card: '名片大小（每张A4裁10张）',
  a5: 'A5（每张A4裁2张）',
};

export const PLAQUE_ROOM_CHOICES = ['all', 'consenting'] as const;
export type PlaqueRoomChoice = (typeof PLAQUE_ROOM_CHOICES)[number];
export const plaqueRoomChoiceLabels: Record<PlaqueRoomChoice, string> = {
  all: '全部寝室',
  consenting: '只打印有公示党员的寝室',
};

/** The line on every card. */
export const PLAQUE_SLOGAN = '党员亮身份 接受同学监督';

/**
 * Rooms one call prints at most: the mini-program codes are fetched one per room, so a very big
 * building comes out in parts that end at a floor (see `plaque.printBuilding`). A 300-room building
 * is one part: a few seconds of the function's 60 (README, “Printed door cards”).
 */
export const PLAQUE_PRINT_PART_ROOMS = 300;

/** The code as printed for typing: groups of four (7K3M 9QX2 HD8R T4VA); the code entry accepts it so. */
export function groupedPlaqueCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * What a person typed as a plaque code, as stored: upper case, without the spaces or dashes of the
 * printed groups. Whether it is a code at all is the contract's check.
 */
export function normalizePlaqueCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s\-–—·]/g, '');
}
