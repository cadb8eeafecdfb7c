// What staff may see of an email (decision 015): everything but its secrets. A template declares the fields
// only its recipient may read (a reset or invitation link, a code); they, the unsubscribe link, and any link
// to a page that acts on a token in its path are replaced by a mask. The recipient alone gets them whole.
import { getTemplate } from "#emails/registry";
import type { EmailTemplate } from "#emails/template";

export const secretMask = "••••••";

/** Pages whose next path segment is a token: whoever holds such a link acts as its owner. */
const tokenPaths = ["reset-password", "invite", "unsubscribe", "calendar"] as const;
const tokenLink = new RegExp(`(/(?:${tokenPaths.join("|")})/)[^\\s"'<>()\\[\\]]+`, "g");

/** A link keeps its origin and first path segment, so staff still see what kind of link it was. */
export function maskValue(value: unknown): string {
  if (typeof value !== "string") return secretMask;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return secretMask;
    const first = url.pathname.split("/").find((segment) => segment !== "");
    return first ? `${url.origin}/${first}/${secretMask}` : `${url.origin}/${secretMask}`;
  } catch {
    return secretMask;
  }
}

/** A copy of a template's data with each declared secret masked. */
export function maskTemplateData<D>(template: Pick<EmailTemplate, "secrets">, data: D): D {
  if (template.secrets.length === 0 || typeof data !== "object" || data === null) return data;
  const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of template.secrets) if (field in copy) copy[field] = maskValue(copy[field]);
  return copy as D;
}

/** The data an outbox row keeps once its email is on its way: none of its secrets, when it has any. */
export function dataWithoutSecrets(
  templateName: string,
  data: Record<string, unknown>,
): Record<string, unknown> | null {
  const template = getTemplate(templateName);
  return template && template.secrets.length > 0 ? maskTemplateData(template, data) : null;
}

/** Second line of defence for text a template forgot to declare: token links are masked wherever they are. */
export function maskTokenLinks(text: string): string {
  return text.replace(tokenLink, `$1${secretMask}`);
}

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, maskTokenLinks(value)]));
}
