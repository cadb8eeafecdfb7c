// Dates and times as pages print them, per row of a list: in a given zone, from Intl formatters made once per
// zone, language and style. A Luxon DateTime per date was a visible share of list pages' render time.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `style` names `options`: the key is built per call, so it stays a few short strings. */
function formatter(
  locale: string,
  zone: string,
  style: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${style}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    formatters.set(key, made);
  }
  return made;
}

const dayOptions = { year: "numeric", month: "2-digit", day: "2-digit" } as const;

/** The day `value` falls on in `zone` (YYYY-MM-DD), or null when it is not a readable date. */
export function calendarDay(value: Date | string, zone: string): string | null {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  const parts = formatter("en-US", zone, "day", dayOptions).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

const dateTime24 = { ...dayOptions, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

/** "2026-03-02 09:30" in `zone`: Swedish writes dates in exactly this shape. */
export function formatDateTime(date: Date | string, zone: string): string {
  return formatter("sv-SE", zone, "dateTime24", dateTime24).format(
    typeof date === "string" ? new Date(date) : date,
  );
}

/** The styles pages print: Luxon's DATE_MED_WITH_WEEKDAY and DATETIME_MED, and a 24-hour HH:mm. */
const styles = {
  date: { year: "numeric", month: "short", day: "numeric", weekday: "short" },
  dateTime: { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** `date` as a reader of `locale` reads it, in `zone`. */
export function formatInZone(date: Date, zone: string, locale: string, style: keyof typeof styles): string {
  return formatter(locale, zone, style, styles[style]).format(date);
}
