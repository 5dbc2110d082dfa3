/**
 * Whether the name typed matches the roster's. Only presentation differences are forgiven (spaces,
 * full-width forms, the several dots used in transliterated names: 阿卜杜拉·艾力 / 阿卜杜拉.艾力).
 */
export function sameName(typed: string, onRoster: string): boolean {
  return normalise(typed) === normalise(onRoster);
}

function normalise(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/[•.・‧∙]/g, '·').toLowerCase();
}
