// A secret that arrives in a link (password reset, invitation) leaves the address on first use: the link's
// page moves it into a short-lived HttpOnly cookie and redirects to an address without it. The form page can
// then use `Referrer-Policy: same-origin`, so its POST carries a real Origin (a `no-referrer` page posts
// `Origin: null`, which the origin check refuses), while the secret stays out of history, Referer headers and
// proxy logs. See docs/decisions/016-trust-boundaries.md.
import { createCookie, redirect } from "@remix-run/node";

const kinds = {
  reset: { page: "/reset-password" },
  invite: { page: "/invite" },
} as const;
export type LinkSecretKind = keyof typeof kinds;

const isProduction = () => process.env.NODE_ENV === "production";

// Path=/ because a page's JavaScript posts to `<page>.data`, which a narrower cookie path would not match.
function cookieFor(kind: LinkSecretKind) {
  return createCookie(`${isProduction() ? "__Host-" : ""}lianxin_${kind}`, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    maxAge: 60 * 60,
  });
}

/** The answer to the link itself: keep `secret` in the cookie and go to the form's clean address. */
export async function stashLinkSecret(kind: LinkSecretKind, secret: string): Promise<Response> {
  return redirect(kinds[kind].page, {
    status: 303,
    headers: {
      "Set-Cookie": await cookieFor(kind).serialize(secret),
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    },
  });
}

/** The secret the link brought, or "" when there is none (expired cookie, another browser). */
export async function readLinkSecret(request: Request, kind: LinkSecretKind): Promise<string> {
  const value: unknown = await cookieFor(kind).parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : "";
}

/** A Set-Cookie value that forgets the secret once it has been used. */
export function forgetLinkSecret(kind: LinkSecretKind): Promise<string> {
  return cookieFor(kind).serialize("", { maxAge: 0 });
}

/** Pages that show a secret's form: their address holds no secret, so same-origin Referer is harmless. */
export const linkFormHeaders = { "Referrer-Policy": "same-origin" } as const;
