/** The current time as stored everywhere: ISO 8601 in UTC, millisecond precision. */
export function nowIso(): string {
  return new Date().toISOString();
}
