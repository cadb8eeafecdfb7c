// Phone numbers as the outbox keeps them: E.164 (+8613800138000). A mainland mobile number may be typed with
// spaces or dashes, with or without +86 / 0086 / 86; other countries need their + prefix.
const mainland = /^1[3-9]\d{9}$/;

export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s\-()]/g, "");
  const national = compact.replace(/^(\+86|0086|86)(?=1\d{10}$)/, "");
  if (mainland.test(national)) return `+86${national}`;
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  return null;
}

/** A number with its middle hidden, for lists staff read: +86 138****8000. */
export function maskPhone(phone: string): string {
  const m = /^\+86(\d{3})\d{4}(\d{4})$/.exec(phone);
  if (m) return `+86 ${m[1]}****${m[2]}`;
  return phone.length > 6 ? `${phone.slice(0, 4)}****${phone.slice(-3)}` : phone;
}

/** The number as a mainland provider wants it: 11 digits for the mainland, country code and number otherwise. */
export function providerNumber(phone: string): string {
  return phone.startsWith("+86") ? phone.slice(3) : phone.replace(/^\+/, "");
}
