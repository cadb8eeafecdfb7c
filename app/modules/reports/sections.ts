// The monthly report's sections and their figures, shared by the server (monthly.server.ts), the page and the
// workbook: what each figure is decides how it is written (money in yuan from fen, hours with a decimal).

/** What a figure is, for formatting: a count, a percent, money in fen, hours or a 1–5 rating. */
export type MetricKind = "count" | "percent" | "fen" | "hours" | "rating";

/** Each section's figures in the order its table shows them; the first is the one its chart draws. */
export const reportSections = {
  coverage: { withHelper: "count", covered: "count", helperPercent: "percent", unpaired: "count" },
  visits: { done: "count", householdsVisited: "count", unrecorded: "count" },
  help: { asked: "count", resolved: "count", medianResponse: "hours", ratings: "count", rating: "rating" },
  courses: { attendances: "count", participants: "count", completions: "count" },
  material: { receivedFen: "fen", creditedFen: "fen" },
  volunteers: { hours: "hours", active: "count" },
} as const satisfies Record<string, Record<string, MetricKind>>;

export type SectionKey = keyof typeof reportSections;
export const sectionKeys = Object.keys(reportSections) as SectionKey[];
export type MetricKey<S extends SectionKey> = keyof (typeof reportSections)[S] & string;
export type Values<S extends SectionKey> = Record<MetricKey<S>, number | null>;

/** A section's figures in order, with their kinds. */
export function metricsOf<S extends SectionKey>(key: S): { key: MetricKey<S>; kind: MetricKind }[] {
  return Object.entries(reportSections[key]).map(([metric, kind]) => ({
    key: metric as MetricKey<S>,
    kind: kind as MetricKind,
  }));
}

/** This month less last month; null when either is unknown. */
export function change(now: number | null, last: number | null): number | null {
  return now === null || last === null ? null : Math.round((now - last) * 10) / 10;
}

/** A figure as a spreadsheet keeps it: a number (yuan for money), or null when there is none. */
export function sheetValue(kind: MetricKind, value: number | null): number | null {
  if (value === null) return null;
  return kind === "fen" ? value / 100 : value;
}

const formats = new Map<string, Intl.NumberFormat>();

/** A figure as the page writes it in `locale`: money as yuan with two decimals, a change with its sign. */
export function formatMetric(
  kind: MetricKind,
  value: number | null,
  locale: string,
  options: { signed?: boolean; none?: string } = {},
): string {
  if (value === null) return options.none ?? "—";
  const digits = kind === "fen" ? 2 : kind === "hours" || kind === "rating" ? 1 : 0;
  const key = `${locale}|${kind}|${options.signed ? "+" : ""}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      signDisplay: options.signed ? "exceptZero" : "auto",
    });
    formats.set(key, format);
  }
  // −0 (a change of nothing, rounded) would print "-0" on one side of hydration and "0" on the other.
  const plain = value === 0 ? 0 : value;
  const text = format.format(kind === "fen" ? plain / 100 : plain);
  return kind === "percent" ? `${text}%` : text;
}
