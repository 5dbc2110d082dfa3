import type { orgContract } from '../../../src/shared/contract/org';
import { cstYearMonth } from '../../../src/shared/domain/china-time';
import type { Term } from '../../../src/shared/domain/term';
import { defaultPeriodsOf, termIn, validateCalendar } from '../../../src/shared/domain/term-calendar';
import { settingsRepo } from '../../_common/repositories/settings';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { forgetTermCalendar, termCalendar as loadCalendar } from '../../_common/terms';
import { auditorOf } from './auditor';

const termView = (t: Term) => ({ key: t.key, label: t.label, start: t.start.toISOString(), end: t.end.toISOString() });

/** The stored calendar, read fresh (the admin edits it); with none stored, the default rule's terms of this school year. */
export const termCalendar: Handler<typeof orgContract.termCalendar> = async (_input, { now }) => {
  const doc = await settingsRepo.get('termCalendar');
  const storedTerms = doc && doc.value.terms.length > 0 ? doc.value.terms : null;
  const { year, monthIndex } = cstYearMonth(now);
  const terms = storedTerms ?? defaultPeriodsOf(monthIndex >= 7 ? year : year - 1);
  return ok({ stored: !!storedTerms, terms, current: termView(termIn(storedTerms, now)) });
};

/** Replaces the calendar once it validates (no overlaps, no gaps inside a school year); an empty list restores the default rule. */
export const saveTermCalendar: Handler<typeof orgContract.saveTermCalendar> = async ({ terms }, ctx) => {
  const checked = validateCalendar(terms);
  if (!checked.ok) return fail('INVALID_INPUT', checked.problem.message);
  const saved = await settingsRepo.save('termCalendar', { terms: checked.value }, { action: 'org.saveTermCalendar', none: null }, await auditorOf(ctx), ctx.now);
  if (!saved.ok) return fail('CONFLICT');
  forgetTermCalendar();
  return ok({ terms: checked.value, current: termView(termIn(checked.value.length ? checked.value : null, ctx.now)) });
};

/** The term now under the school's calendar, and the calendar itself (the export card checks days with it, as the server does). */
export const currentTerm: Handler<typeof orgContract.currentTerm> = async (_input, { now }) => {
  const calendar = await loadCalendar(now);
  return ok({ ...termView(termIn(calendar, now)), calendar });
};
