// Form errors are i18n keys. A key may carry one value after "|" — a limit ("common:validation.maxChars|200"),
// the line of a bad row or a date range — given to the translation as `max`, `line` and `range`. Every error
// renderer goes through `errorArgs` (`t(...errorArgs(e))`), and schemas say "too long" with `maxChars`, so that an over-long
// entry is never answered with a schema's "required" (Zod 4 lends a schema's own `error` to its checks that
// have none of their own).

/** The arguments of `t` for one error: its key and the value it carries. */
export function errorArgs(error: string): [never, never] {
  const [key = "", value] = error.split("|");
  return [key as never, { max: value, line: value, range: value } as never];
}

/** The message of a `.max(n)` on text: "最多 n 个字". */
export const maxChars = (max: number) => ({ error: `common:validation.maxChars|${max}` });
