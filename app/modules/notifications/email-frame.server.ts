// An email's HTML is shown to staff inside a sandboxed iframe. It is served from its own URL with its own
// CSP: email HTML needs inline styles, which the app's pages refuse (an srcdoc frame would inherit their CSP).
export function emailHtmlResponse(html: string): Response {
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data: https:",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
        "sandbox",
      ].join("; "),
      "X-Frame-Options": "SAMEORIGIN",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}
