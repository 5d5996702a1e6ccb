/** The current time as stored everywhere: ISO 8601 in UTC, millisecond precision. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** A stored ISO time as 北京时间 (UTC+8, China has no daylight saving): `2025-03-01 17:30:05`. */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (ms !== ms) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
