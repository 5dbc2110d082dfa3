import { activityCodeIn, ageLabel, canSubmit, cstIso, daysBeforeCst, formatHours, otherEntries, photoExt, qrRuns, share, todayCst } from './volunteer';
import { importFileExt, isImportPath, isOwnUpload, uploadPath } from '../shared/domain/photo-path';

const entry = (over: Partial<Parameters<typeof otherEntries>[0][number]>) => ({
  id: 'e1', date: '2026-11-20', start: '09:00', end: '11:00', hours: 2, approvedHours: null, category: 'hygiene' as const, title: '打扫楼道', status: 'pending' as const, ...over,
});

describe('volunteer page helpers', () => {
  it('formats hours', () => {
    expect(formatHours(2)).toBe('2');
    expect(formatHours(2.5)).toBe('2.5');
  });

  it('keeps only counting entries (pending, approved: as the server) and leaves out the one being edited', () => {
    const others = otherEntries([
      entry({ id: 'a' }),
      entry({ id: 'b', status: 'draft' }),
      entry({ id: 'c', status: 'withdrawn' }),
      entry({ id: 'd', status: 'rejected' }),
      entry({ id: 'e', status: 'approved', hours: 2, approvedHours: 1.5 }),
      entry({ id: 'f', status: 'returned' }),
      entry({ id: 'g', status: 'pending' }),
    ], 'g');
    expect(others.map((o) => [o.id, o.hours])).toEqual([['a', 2], ['e', 1.5]]);
    expect(others[0].fingerprint).toBe('2026-11-20|09:00|11:00|hygiene|打扫楼道');
  });

  it('knows what can be submitted', () => {
    expect(canSubmit('draft')).toBe(true);
    expect(canSubmit('returned')).toBe(true);
    expect(canSubmit('pending')).toBe(false);
  });

  it('uses China time for today', () => {
    expect(todayCst(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
    expect(daysBeforeCst(30, new Date('2026-11-22T00:00:00Z'))).toBe('2026-10-23');
    expect(cstIso('2026-11-22', '08:30')).toBe('2026-11-22T00:30:00.000Z');
  });

  it('names photo paths', () => {
    expect(photoExt('wxfile://tmp_abc.PNG')).toBe('png');
    expect(photoExt('blob:http://x/123', 'image/jpeg')).toBe('jpg');
    expect(photoExt('blob:http://x/123')).toBe('jpg');
    expect(photoExt('blob:http://x/123', 'image/gif')).toBe('jpg');
    expect(uploadPath('user/o-1', 'evidence', 1700000000000, 'png')).toBe('user/o-1/evidence/loyw3v28.png');
    expect(uploadPath('user/o-1', 'photo', 1, 'svg', 2)).toBe('user/o-1/photo/1-2.jpg');
  });

  it('names roster file paths: .xlsx or .csv in the imports folder, never a photo extension', () => {
    expect(importFileExt('名单.XLSX')).toBe('xlsx');
    expect(importFileExt('名单.csv ')).toBe('csv');
    expect(importFileExt('名单.xls')).toBeUndefined();
    expect(importFileExt('名单.csv.exe')).toBeUndefined();
    expect(uploadPath('user/o-1', 'import', 1, 'csv')).toBe('user/o-1/imports/1.csv');
    expect(uploadPath('user/o-1', 'import', 1, 'jpg')).toBe('user/o-1/imports/1.xlsx');
    expect(isImportPath('user/o-1/imports/1.csv')).toBe(true);
    expect(isImportPath('user/o-1/photo/1.jpg')).toBe(false);
    expect(isOwnUpload(`cloud://env.bucket/${uploadPath('user/o-1', 'import', 7, 'xlsx')}`, 'o-1', 'import')).toBe(true);
  });

  it('accepts only files directly in the caller\'s own folder of that kind', () => {
    const id = (p: string) => `cloud://env.bucket/${p}`;
    expect(isOwnUpload(id('user/o-1/photo/a.jpg'), 'o-1', 'photo')).toBe(true);
    expect(isOwnUpload(id('user/o-1/photo/a.jpg'), 'o-1', 'evidence')).toBe(false);
    expect(isOwnUpload(id('user/o-2/photo/a.jpg'), 'o-1', 'photo')).toBe(false);
    expect(isOwnUpload(id('user/o-1/photo/../../o-2/photo/a.jpg'), 'o-1', 'photo')).toBe(false);
    expect(isOwnUpload(id('user/o-1/photo/x/a.jpg'), 'o-1', 'photo')).toBe(false);
    expect(isOwnUpload(id('exports/o-1/a.xlsx'), 'o-1', 'photo')).toBe(false);
  });

  it('labels ages and shares', () => {
    expect(ageLabel(0.4)).toBe('今天提交');
    expect(ageLabel(3.9)).toBe('已等待3天');
    expect(share(25, 50)).toBe(0.5);
    expect(share(80, 50)).toBe(1);
  });

  it('run-length encodes QR rows', () => {
    expect(qrRuns([true, true, false, true])).toEqual([{ dark: true, length: 2 }, { dark: false, length: 1 }, { dark: true, length: 1 }]);
    expect(qrRuns([])).toEqual([]);
  });

  it('finds activity codes in scan results', () => {
    expect(activityCodeIn('7k3m9qx2hd8rt4va')).toBe('7K3M9QX2HD8RT4VA');
    expect(activityCodeIn('https://x/#/member/scan/index?code=7K3M9QX2HD8RT4VA')).toBe('7K3M9QX2HD8RT4VA');
    expect(activityCodeIn('hello')).toBeNull();
    expect(activityCodeIn('')).toBeNull();
  });
});
