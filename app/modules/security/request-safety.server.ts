// Request safety for every response: the same-origin rule for non-GET requests and the security headers
// (CSP with a per-request nonce, HSTS, …). See docs/decisions/005-request-origin-and-csp.md.
import { appOrigin } from "#app/config.server";

/**
 * Paths whose POSTs legitimately come from elsewhere. RFC 8058 one-click unsubscribe is posted by the
 * mail provider, not the browser; it is authorised by the signed token in its URL instead. The SMS providers'
 * reply pushes come from their servers, authorised by the secret in their path (decision 028).
 */
export const crossOriginExemptPaths: readonly RegExp[] = [
  /^\/unsubscribe\/[^/]+$/,
  /^\/hooks\/sms\/(aliyun|tencent)\/[^/]+$/,
];

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins this app answers as: its configured public origin and the origin the request was sent to. */
function ownOrigins(request: Request): Set<string> {
  const origins = new Set([new URL(request.url).origin]);
  try {
    origins.add(new URL(appOrigin()).origin);
  } catch {
    // A bad APP_ORIGIN is refused at boot; here the request's own origin is enough.
  }
  return origins;
}

/**
 * Whether a request may change anything: safe methods always; otherwise its `Origin` must be ours, or, when
 * a browser sends no Origin, `Sec-Fetch-Site` must say same-origin. Requests with neither (curl, scripts) are
 * refused: every real form post from a current browser carries one of the two. `Origin: null` is refused
 * whatever else is sent (decision 005): sandboxed frames, `data:` documents and `no-referrer` pages send it,
 * so it cannot tell our pages from anyone's; a page of ours that posts uses a referrer policy that sends its
 * origin (auth/link-secret.server.ts).
 */
export function isSameOriginRequest(request: Request): boolean {
  if (safeMethods.has(request.method.toUpperCase())) return true;
  const path = new URL(request.url).pathname.replace(/\.data$/, "");
  if (crossOriginExemptPaths.some((p) => p.test(path))) return true;
  const origin = request.headers.get("Origin");
  if (origin !== null) return origin !== "null" && ownOrigins(request).has(origin);
  const site = request.headers.get("Sec-Fetch-Site");
  return site === "same-origin";
}

/** Throws 403 for a cross-origin change. Every action calls it first (tests/unit/route-origin.test.ts checks). */
export function requireSameOrigin(request: Request): void {
  if (!isSameOriginRequest(request)) throw new Response("Cross-origin request refused", { status: 403 });
}

export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

export function contentSecurityPolicy(nonce: string, development: boolean): string {
  // Vite's dev server injects inline scripts and talks over a websocket; production allows neither.
  const scriptSrc = development ? `'self' 'nonce-${nonce}' 'unsafe-inline'` : `'self' 'nonce-${nonce}'`;
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "font-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers every response carries; `nonce` only on documents. Pages hold personal data: never cached. */
export function applySecurityHeaders(
  headers: Headers,
  options: { nonce?: string; personal?: boolean } = {},
): void {
  const production = process.env.NODE_ENV === "production";
  if (options.nonce)
    headers.set(
      "Content-Security-Policy",
      contentSecurityPolicy(options.nonce, !production && process.env.NODE_ENV !== "test"),
    );
  if (production) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (!headers.has("Referrer-Policy")) headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", "DENY");
  if (options.personal && !headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
}
