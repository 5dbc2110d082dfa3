/**
 * Chinese order for people and rooms: names by pinyin (ICU's zh collation), room numbers as numbers
 * so that 1102 comes after 302.
 */
const names = new Intl.Collator('zh-CN');
const numbers = new Intl.Collator('zh-CN', { numeric: true });

export const byName = (a: string, b: string): number => names.compare(a, b);
export const byNumber = (a: string, b: string): number => numbers.compare(a, b);
