import { EntryInput, type Entry, type VolunteerCategory } from '../../shared/contract/volunteer';
import { checkEntry, cstDate, cstAt, hoursBetween } from '../../shared/domain/volunteer';
import { errorMessages, type ErrorCode } from '../../shared/errors';
import { otherEntries } from '../../utils/volunteer';
import type { Photo } from './photo-field';

export interface EntryForm {
  title: string;
  category: VolunteerCategory | null;
  date: string;
  start: string;
  end: string;
  place: string;
  description: string;
  photos: Photo[];
  witnessName: string;
  witnessContact: string;
}

export const DEFAULT_START = '14:00';
export const DEFAULT_END = '16:00';

/**
 * The form's default time: 14:00-16:00 of the latest China day on which it has already ended (today
 * from 16:00 China time, yesterday before), so the default never trips the "future" rule.
 */
export function defaultSpan(now: Date): { date: string; start: string; end: string } {
  const today = cstDate(now);
  const endedToday = cstAt(today, DEFAULT_END).getTime() <= now.getTime();
  const date = endedToday ? today : cstDate(new Date(cstAt(today, '12:00').getTime() - 24 * 60 * 60 * 1000));
  return { date, start: DEFAULT_START, end: DEFAULT_END };
}

export function emptyForm(now: Date): EntryForm {
  return { title: '', category: null, ...defaultSpan(now), place: '', description: '', photos: [], witnessName: '', witnessContact: '' };
}

export function formOf(entry: Entry): EntryForm {
  return {
    title: entry.title,
    category: entry.category,
    date: entry.date,
    start: entry.start,
    end: entry.end,
    place: entry.place,
    description: entry.description,
    photos: entry.photoFileIds.map((fileID, i) => ({ fileID, preview: entry.photoUrls[i] ?? '' })),
    witnessName: entry.witnessName ?? '',
    witnessContact: entry.witnessContact ?? '',
  };
}

export type FieldName = 'title' | 'category' | 'time' | 'place' | 'description' | 'witness';
export type FormCheck = { ok: true; input: EntryInput } | { ok: false; field: FieldName | null; message: string };

const FIELD_MESSAGES: Record<string, [FieldName, string]> = {
  title: ['title', '活动名称为2到50个字'],
  date: ['time', '请选择有效的日期'],
  start: ['time', '请选择有效的开始时间'],
  end: ['time', '请选择有效的结束时间'],
  category: ['category', '请选择服务类别'],
  place: ['place', '请填写服务地点'],
  description: ['description', '说明最多500字'],
  witnessName: ['witness', '证明人姓名最多20字'],
  witnessContact: ['witness', '证明人联系方式最多30字'],
};

const TIME_CODES: ErrorCode[] = ['ENTRY_TIME_INVALID', 'ENTRY_IN_FUTURE', 'ENTRY_TOO_LATE', 'DAILY_LIMIT', 'ENTRY_OVERLAP', 'ENTRY_DUPLICATE'];

/** Which field a server or rule error belongs next to. */
export function fieldOfCode(code: string): FieldName | null {
  return TIME_CODES.includes(code as ErrorCode) ? 'time' : null;
}

/** The checks the server makes too: the contract's shape, then the shared rules against the member's other entries. */
export function checkForm(form: EntryForm, entries: Entry[], editingId: string | undefined, now: Date): FormCheck {
  const parsed = EntryInput.safeParse({
    title: form.title,
    category: form.category ?? undefined,
    date: form.date,
    start: form.start,
    end: form.end,
    place: form.place,
    description: form.description,
    photoFileIds: form.photos.map((p) => p.fileID),
    witnessName: form.witnessName.trim() || undefined,
    witnessContact: form.witnessContact.trim() || undefined,
  });
  if (!parsed.success) {
    const key = String(parsed.error.issues[0]?.path[0] ?? '');
    const [field, message] = FIELD_MESSAGES[key] ?? [null, errorMessages.INVALID_INPUT];
    return { ok: false, field, message };
  }
  const rule = checkEntry({ ...parsed.data }, otherEntries(entries, editingId), now);
  if (!rule.ok) return { ok: false, field: 'time', message: errorMessages[rule.code] };
  return { ok: true, input: parsed.data };
}

/** "共 2.5 小时" under the time pickers, or why there is none. */
export function hoursHint(start: string, end: string): string {
  const hours = hoursBetween(start, end);
  return hours === null ? '结束时间需晚于开始时间至少半小时' : `共 ${hours} 小时（按半小时计，不足半小时不计）`;
}
