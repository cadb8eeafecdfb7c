// A calendar day (YYYY-MM-DD) of an instant in a time zone: what list pages print per row. One Intl formatter
// per zone does it many times faster than a Luxon DateTime per date, which showed in those pages' render time.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The day `value` falls on in `zone`, or null when it is not a readable date. */
export function calendarDay(value: Date | string, zone: string): string | null {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  const parts = formatterFor(zone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The styles pages print: Luxon's DATE_MED_WITH_WEEKDAY and DATETIME_MED, and a 24-hour HH:mm. */
const styles = {
  date: { year: "numeric", month: "short", day: "numeric", weekday: "short" },
  dateTime: { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const styled = new Map<string, Intl.DateTimeFormat>();

/** `date` as the community reads it in `locale`, in `zone`; each formatter is made once. */
export function formatInZone(date: Date, zone: string, locale: string, style: keyof typeof styles): string {
  const key = `${locale}|${zone}|${style}`;
  let formatter = styled.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...styles[style], timeZone: zone });
    styled.set(key, formatter);
  }
  return formatter.format(date);
}
