/**
 * Business dates as the organization sees them. "Today" is the calendar day in the organization's
 * time zone, not the browser's: an accountant in another zone still posts into the books' day.
 */

/** `YYYY-MM-DD` of the instant `at` in `timeZone`. */
export function todayIn(timeZone: string, at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The first day of the year of a `YYYY-MM-DD` date. */
export function yearStart(date: string): string {
  return `${date.slice(0, 4)}-01-01`;
}

/** The first day of the month before the month of a `YYYY-MM-DD` date: 2026-01-15 → 2025-12-01. */
export function previousMonthStart(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`;
}

/** Minutes east of UTC of `timeZone` at the instant `at`. */
function offsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant (ISO) of a wall-clock time `YYYY-MM-DDTHH:MM` in `timeZone`, as people read
 * the organization's clock; null when the text is not such a time. Two passes settle the offset
 * around a daylight-saving change.
 */
export function instantOfWallTime(wallTime: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wallTime);
  if (match === null) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  let instant = wall - offsetMinutes(timeZone, new Date(wall)) * 60_000;
  instant = wall - offsetMinutes(timeZone, new Date(instant)) * 60_000;
  return new Date(instant).toISOString();
}
