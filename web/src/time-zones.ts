/** The IANA zones this browser knows, with `current` first should the browser not list it. */
export function timeZoneOptions(current: string): ReadonlyArray<string> {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes(current) ? zones : [current, ...zones];
}
