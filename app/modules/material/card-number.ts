// A love card's number: twelve digits, the last a Luhn check digit so a mistyped number is caught before any
// lookup. Shared by the server and the till's page (which reads numbers from QR codes and the keyboard).

/** Twelve digits, the last a Luhn check digit, so a mistyped number is caught before any lookup. */
export function newCardNumber(): string {
  let body = "8";
  for (const n of crypto.getRandomValues(new Uint32Array(10))) body += String(n % 10);
  return body + luhnDigit(body);
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidCardNumber(number: string): boolean {
  return /^\d{12}$/.test(number) && luhnDigit(number.slice(0, 11)) === number[11];
}

/** "8123 4567 8901", as printed. */
export function formatCardNumber(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** The number in what a person typed or a QR code held (the till link `…/till?card=…`, or the digits). */
export function cardNumberFrom(text: string): string | null {
  const trimmed = text.trim();
  let candidate = trimmed;
  try {
    const url = new URL(trimmed);
    candidate = url.searchParams.get("card") ?? "";
  } catch {
    // not a link: the digits themselves
  }
  const digits = candidate.replace(/[\s-]/g, "");
  return isValidCardNumber(digits) ? digits : null;
}
