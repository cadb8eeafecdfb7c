// The production server: remix-serve's setup (compression, static files, request log) plus the one place
// that refuses cross-origin changes and malformed or oversized bodies before Remix sees them, and sets the
// headers every response carries (docs/decisions/005-request-origin-and-csp.md, 016-trust-boundaries.md). One process per core share the port
// (docs/decisions/012-request-cost.md); scripts/cluster.ts keeps them running.
import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import morgan from "morgan";
import { readdirSync } from "node:fs";
import { join, posix, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import cluster from "node:cluster";
import { defaultProcesses, runPrimary } from "./scripts/cluster";
import { env } from "#app/config.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import {
  bodyLimitFor,
  acceptsJson,
  checkBodyHeaders,
  checkFormBody,
  refusal,
  refusalPage,
  type Refusal,
} from "#app/modules/security/request-body.server";
import { applySecurityHeaders, isSameOriginRequest } from "#app/modules/security/request-safety.server";
import { runInRequestScope } from "#app/modules/security/request-scope.server";

const processes = env().WEB_CONCURRENCY ?? defaultProcesses();
if (cluster.isPrimary && processes > 1) runPrimary(processes);
else await serve();

async function serve() {
  const buildPath = resolve(process.env.REMIX_BUILD ?? "build/server/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const port = Number(process.env.PORT || 3000);

  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy, TRUST_PROXY=1 lets express take the client address from X-Forwarded-For; otherwise a
  // client-sent X-Forwarded-For is replaced, so nobody escapes the per-IP limits by inventing addresses.
  if (env().TRUST_PROXY) app.set("trust proxy", true);
  app.use(compression());

  // Defaults for every response (static files and resource routes too), the same for all: computed once.
  const defaultHeaders = new Headers();
  applySecurityHeaders(defaultHeaders);
  const defaultHeaderList = [...defaultHeaders.entries()];
  const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

  app.use((req, res, next) => {
    req.headers["x-forwarded-for"] = req.ip ?? req.socket.remoteAddress ?? "";
    for (const [key, value] of defaultHeaderList) res.setHeader(key, value);
    // Remix appends the headers of its own responses; for these names its value (a page's `no-referrer`, the
    // document CSP) replaces the default.
    const append = res.append.bind(res);
    res.append = (field: string, value?: string | string[]) =>
      defaultHeaders.has(field) && value !== undefined ? res.set(field, value) : append(field, value);
    // Reading never changes anything, so only changes pay for the origin check's Request.
    if (readOnlyMethods.has(req.method)) return next();
    if (!isSameOrigin(req)) return refuse(req, res, refusal("crossOrigin"));
    readForm(req)
      .then((result) => {
        if ("status" in result) return refuse(req, res, result);
        forms.set(req, result);
        next();
      })
      // A client that goes away in the middle of its body is owed no answer.
      .catch((error: unknown) => (req.destroyed ? res.destroy() : next(error)));
  });

  // Hashed bundles are immutable. The few other files (public/, copied into the client build) are looked up in a
  // list made at start: asking the file system about every page request would cost each one a stat or two.
  app.use(
    posix.join(build.publicPath, "assets"),
    express.static(join(build.assetsBuildDirectory, "assets"), { immutable: true, maxAge: "1y" }),
  );
  const clientFiles = new Set(
    readdirSync(build.assetsBuildDirectory, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) =>
        relative(build.assetsBuildDirectory, join(entry.parentPath, entry.name)).split(sep).join("/"),
      )
      .filter((path) => !path.startsWith("assets/"))
      .map((path) => posix.join(build.publicPath, path)),
  );
  const serveClientFile = express.static(build.assetsBuildDirectory, { maxAge: "1h" });
  app.use((req, res, next) => (clientFiles.has(req.path) ? serveClientFile(req, res, next) : next()));
  app.use(morgan("tiny"));
  const handleRequest = createRequestHandler(build, build.mode);
  app.all("*", (req, res, next) =>
    runInRequestScope(async () => {
      try {
        await send(res, await handleRequest(remixRequest(req, res)));
      } catch (error) {
        next(error);
      }
    }),
  );

  const server = app.listen(port, () => {
    if ((process.env.LIANXIN_WORKER_INDEX ?? "0") === "0") console.log(`[lianxin] http://localhost:${port}`);
  });
  // The process that runs the email worker exits when the worker has finished its batch in flight
  // (inline-worker.server.ts), not as soon as the HTTP server has closed.
  const emailWorkerHere = () => Symbol.for("lianxin.inlineEmailWorker") in globalThis;
  // Reads of household data waiting for their audit entries are written before the process goes.
  const flushed = async () => {
    const flushReadLog = (globalThis as { [key: symbol]: unknown })[Symbol.for("lianxin.flushReadLog")];
    if (typeof flushReadLog === "function") await flushReadLog();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () =>
      server.close(() => void flushed().finally(() => (emailWorkerHere() ? undefined : process.exit(0)))),
    );
}

function isSameOrigin(req: ExpressRequest): boolean {
  const origin = req.get("origin");
  const site = req.get("sec-fetch-site");
  try {
    const probe = new Request(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`, {
      method: req.method,
      headers: {
        ...(origin !== undefined ? { Origin: origin } : {}),
        ...(site !== undefined ? { "Sec-Fetch-Site": site } : {}),
      },
    });
    return isSameOriginRequest(probe);
  } catch {
    // A Host or path that makes no URL is nobody's own origin.
    return false;
  }
}

/** A change's body, read and checked before Remix (request-body.server.ts), handed on as it came. */
interface CheckedForm {
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}
const forms = new WeakMap<ExpressRequest, CheckedForm>();

async function readForm(req: ExpressRequest): Promise<CheckedForm | Refusal> {
  const limit = bodyLimitFor(req.path);
  const json = acceptsJson(req.path);
  const refused = checkBodyHeaders(
    {
      contentType: req.get("content-type"),
      contentLength: req.get("content-length"),
      contentEncoding: req.get("content-encoding"),
    },
    limit,
    json,
  );
  if (refused) return refused;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return refusal("tooLarge");
    chunks.push(chunk);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  // An empty body without a type (a bare POST) is an empty form.
  const contentType = req.get("content-type") || "application/x-www-form-urlencoded";
  // A provider's JSON push is parsed and checked by its own route (notifications/sms-replies.server.ts).
  if (json && /^application\/json\b/i.test(contentType)) return { contentType, body };
  return (await checkFormBody(contentType, body)) ?? { contentType, body };
}

function refuse(req: ExpressRequest, res: ExpressResponse, r: Refusal): void {
  const locale = getLocale(
    new Request("http://localhost/", { headers: pickHeaders(req, ["cookie", "accept-language"]) }),
  );
  const page = refusalPage(r, locale);
  // A body not read to its end would be read as the next request: close the connection, and let the rest of the
  // body drain away meanwhile so that the client sees this answer rather than a reset.
  if (!req.readableEnded) {
    res.set("Connection", "close");
    req.resume();
  }
  res.status(r.status).set(page.headers).send(page.body);
}

function pickHeaders(req: ExpressRequest, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = req.get(name);
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** The Fetch Request Remix reads, as @remix-run/express builds it, but with the body already read and checked. */
function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // req.hostname follows "trust proxy"; the port comes from X-Forwarded-Host or Host.
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("X-Forwarded-Host")), portOf(req.get("host"))].find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const form = forms.get(req);
  if (form) {
    headers.delete("Transfer-Encoding");
    headers.set("Content-Type", form.contentType);
    headers.set("Content-Length", String(form.body.length));
  }
  let controller: AbortController | null = new AbortController();
  const signal = controller.signal;
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, { method: req.method, headers, signal, ...(form ? { body: form.body } : {}) });
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
