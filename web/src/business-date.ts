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
