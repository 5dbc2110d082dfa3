/**
 * The order people expect buildings in: by community, then by building, with numbers compared as
 * numbers ("2号楼" before "10号楼"). Stored on each building as `sortKey`, so the list pages on an
 * index (`buildings.by_sort`, `by_community_sort`) instead of sorting the whole school in memory.
 * Every place that writes a building computes the key here.
 */

/** Wide enough for any building or room number a school has. */
const NUMBER_WIDTH = 6;
/**
 * Below every character a name holds, so "智园" sorts before "智园二" whatever follows; a space rather
 * than a control character, which JSON (and so some index keys) would escape into a higher one.
 */
const SEPARATOR = ' ';

const padNumbers = (text: string): string => text.trim().replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(NUMBER_WIDTH, '0'));

export function buildingSortKey(communityName: string, buildingName: string): string {
  return `${padNumbers(communityName)}${SEPARATOR}${padNumbers(buildingName)}`;
}
