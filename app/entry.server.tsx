import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "#app/components/nonce";
import { sharedI18n } from "#app/modules/i18n/i18n";
import { applySecurityHeaders, createNonce } from "#app/modules/security/request-safety.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { startInlineWorker } from "#app/modules/notifications/inline-worker.server";
import { startInlineEscalationTicker } from "#app/modules/help/escalation-ticker.server";
import { startInlineVisitTicker } from "#app/modules/visits/ticker.server";
import { startInlineProgrammeTicker } from "#app/modules/programmes/ticker.server";

startInlineWorker();
startInlineEscalationTicker();
startInlineVisitTicker();
startInlineProgrammeTicker();

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const i18n = sharedI18n(getLocale(request));
  const nonce = createNonce();
  applySecurityHeaders(responseHeaders, { nonce, personal: true });

  // No page streams data in later (no defer/Suspense), so the whole document is rendered before it is sent,
  // as one body with a length: one write instead of a stream of small chunks through three stream types.
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const document = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(
          new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }),
        );
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(document);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error in the shell rejects (onShellError) and Remix logs it; one after the shell only lands here.
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}

/** Data responses (client navigations, fetchers) carry the same headers as documents, without a CSP. */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  applySecurityHeaders(response.headers, { personal: true });
  return response;
};
