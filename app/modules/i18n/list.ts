// Lists in the reader's language (Intl.ListFormat): "孤寡老人、患大病" in Chinese, "elderly living alone, serious
// illness" in English — never a Chinese 、 in an English sentence. Tags and columns use the narrow form (no
// "and"); a sentence may ask for "and" (conjunction) or "or" (disjunction).
import { useTranslation } from "react-i18next";

export type ListStyle = "tags" | "and" | "or";

const formatters = new Map<string, Intl.ListFormat>();

export function formatList(locale: string, items: readonly string[], style: ListStyle = "tags"): string {
  const key = `${locale}|${style}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.ListFormat(locale, {
      type: style === "or" ? "disjunction" : "conjunction",
      style: style === "tags" ? "narrow" : "long",
    });
    formatters.set(key, format);
  }
  return format.format(items);
}

/** `formatList` in the page's language. */
export function useListFormat(): (items: readonly string[], style?: ListStyle) => string {
  const { i18n } = useTranslation();
  return (items, style) => formatList(i18n.language, items, style);
}
