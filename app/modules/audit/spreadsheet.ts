// Cells of an export that a spreadsheet would run as a formula (OWASP, "CSV injection"): a value starting with
// = + - @, tab or carriage return gets a leading apostrophe, which makes it plain text. Until a shared export
// kit exists, the audit export writes every cell through this one function; it is the line to swap onto it.
const formulaStart = /^[=+\-@\t\r]/;

export function spreadsheetSafe(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}
