/**
 * The one calendar: dates held as whole days since 1970-01-01 (UTC), the way frames, records and
 * expressions hold them, read and written as YYYY-MM-DD. A period of months ends on the same day of the month, or the month's last day when it
 * has no such day (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 1 year = 2025-02-28).
 */
const DAY_MS = 86_400_000;

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** 'YYYY-MM-DD' → day number, or NaN when it is not a real calendar date. */
export function parseDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return NaN;
  const d = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  return formatDay(d) === text ? d : NaN;
}

/** The UTC day a moment falls on (a Date's milliseconds since 1970), NaN for NaN. */
export function dayOfTime(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function ymd(day: number): [number, number, number] {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

export function addMonths(day: number, months: number): number {
  const [y, m, d] = ymd(day);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  const last = dayNumber(ty, tm + 1, 1) - dayNumber(ty, tm, 1);
  return dayNumber(ty, tm, Math.min(d, last));
}

export function addPeriod(day: number, unit: 'days' | 'months' | 'years', amount: number): number {
  if (unit === 'days') return day + amount;
  return addMonths(day, unit === 'years' ? 12 * amount : amount);
}

/** Whole calendar months from `from` to `to`: the largest k with addMonths(from, k) ≤ to (as validity periods count). */
export function wholeMonths(from: number, to: number): number {
  const [y1, m1] = ymd(from);
  const [y2, m2] = ymd(to);
  let k = (y2 - y1) * 12 + (m2 - m1);
  while (k > 0 && addMonths(from, k) > to) k--;
  while (addMonths(from, k + 1) <= to) k++;
  return k;
}
