// Dates as the service works to them: UK days (a prompt opens and closes, and a report's month
// begins, at midnight in the UK, GMT or BST, whatever the server's own time zone), the ways pages
// write dates and times, and report periods (UK months, quarters and years).

const UK = 'Europe/London';
const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: UK, year: 'numeric', month: '2-digit', day: '2-digit' });
// Content dates and YYYY-MM-DD days are whole days: written in UTC so no time zone moves them.
const LONG_DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const MONTH_YEAR = new Map<string, Intl.DateTimeFormat>();
const UK_DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: UK });
const UK_WEEKDAY_TIME = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: UK });

/** When this build ran: a static page can only know "today" as the day it was built. */
export const BUILT_AT = new Date();

/** The UK calendar day of an instant, as YYYY-MM-DD. */
export function ukDay(ms: number): string {
  return UK_DAY.format(ms);
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** YYYY-MM-DD of a content date, for <time datetime>. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** "24 November 2026", for a YYYY-MM-DD day or a content date. */
export function longDay(day: string | Date): string {
  return LONG_DAY.format(typeof day === 'string' ? new Date(`${day}T00:00:00Z`) : day);
}

/** "November 2026" (or "listopad 2026" for "pl"), for entries that only need the month; Western digits in every language. */
export function monthYear(date: Date, tag = 'en-GB'): string {
  let format = MONTH_YEAR.get(tag);
  if (!format) MONTH_YEAR.set(tag, (format = new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' })));
  return format.format(date);
}

/** "24 Nov 2026, 14:05" in UK time, for when something happened (an ISO time). */
export function ukDateTime(iso: string): string {
  return UK_DATE_TIME.format(new Date(iso));
}

/** "Tue 24 Nov, 14:05" in UK time, for a time within the next day or so (an ISO time). */
export function ukWeekdayTime(iso: string): string {
  return UK_WEEKDAY_TIME.format(new Date(iso));
}

// ---- Report periods: UK calendar months, quarters and years ----------------------------------

type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  /** 2026-11, 2026-Q4 or 2026: what the period parameter says. */
  key: string;
  label: string;
  /** First and last UK day, YYYY-MM-DD. */
  first: string;
  last: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function monthPeriod(year: number, month: number): Period {
  return { kind: 'month', key: `${year}-${pad(month)}`, label: `${MONTHS[month - 1]} ${year}`, first: `${year}-${pad(month)}-01`, last: `${year}-${pad(month)}-${pad(lastDayOf(year, month))}` };
}
function quarterPeriod(year: number, quarter: number): Period {
  const start = quarter * 3 - 2;
  return {
    kind: 'quarter',
    key: `${year}-Q${quarter}`,
    label: `${MONTHS[start - 1]} to ${MONTHS[start + 1]} ${year}`,
    first: `${year}-${pad(start)}-01`,
    last: `${year}-${pad(start + 2)}-${pad(lastDayOf(year, start + 2))}`,
  };
}
function yearPeriod(year: number): Period {
  return { kind: 'year', key: String(year), label: String(year), first: `${year}-01-01`, last: `${year}-12-31` };
}

/** The period a parameter names (2026-11, 2026-Q4, 2026); the current UK month when it names none. */
export function parsePeriod(param: string | null | undefined, now = Date.now()): Period {
  const text = (param ?? '').trim().toUpperCase();
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{2})$/.exec(text)) && Number(match[2]) >= 1 && Number(match[2]) <= 12) return monthPeriod(Number(match[1]), Number(match[2]));
  if ((match = /^(\d{4})-Q([1-4])$/.exec(text))) return quarterPeriod(Number(match[1]), Number(match[2]));
  if ((match = /^(\d{4})$/.exec(text))) return yearPeriod(Number(match[1]));
  const [year, month] = ukDay(now).split('-').map(Number) as [number, number];
  return monthPeriod(year, month);
}

/** Periods to choose from: this month and the 11 before, this quarter and the 7 before, this year and the 2 before. */
export function recentPeriods(now = Date.now()): Record<PeriodKind, Period[]> {
  const [year, month] = ukDay(now).split('-').map(Number) as [number, number];
  const quarter = Math.ceil(month / 3);
  // Count back in whole months (quarters) since year 0, so years roll over by themselves.
  const months = year * 12 + month - 1;
  const quarters = year * 4 + quarter - 1;
  return {
    month: Array.from({ length: 12 }, (_, i) => monthPeriod(Math.floor((months - i) / 12), ((months - i) % 12) + 1)),
    quarter: Array.from({ length: 8 }, (_, i) => quarterPeriod(Math.floor((quarters - i) / 4), ((quarters - i) % 4) + 1)),
    year: [0, 1, 2].map((i) => yearPeriod(year - i)),
  };
}

/** Whether an ISO time falls on a UK day within the period. */
export const inPeriod = (iso: string, period: Period): boolean => {
  const day = ukDay(Date.parse(iso));
  return day >= period.first && day <= period.last;
};
