// Money is integer fen (分) everywhere; these turn it into the CNY text a person reads and back from the yuan
// a person types. No floating point touches an amount: parsing works on the digits.

const formatters = new Map<string, Intl.NumberFormat>();

/** ¥1,234.50 in zh-CN, CN¥1,234.50 in en. */
export function formatFen(fen: number, locale: string): string {
  let format = formatters.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" });
    formatters.set(locale, format);
  }
  // Intl formats a number; fen/100 of an integer is exact to two places for every amount we keep. −0 (a negated
  // empty sum) becomes 0: Node writes it "-¥0.00" and the browser "¥0.00", and React then rejects the page.
  return format.format((fen === 0 ? 0 : fen) / 100);
}

const yuanPattern = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** "12.5" → 1250; null for anything that is not a plain non-negative amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const match = yuanPattern.exec(
    text
      .trim()
      .replace(/^[¥￥]/, "")
      .replace(/,/g, ""),
  );
  if (!match) return null;
  const [, whole = "0", fraction = ""] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** 1250 → "12.50", for a form's input value. */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
