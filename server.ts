// The production server: remix-serve's setup (compression, static files, request log) plus the one place
// that refuses cross-origin changes before Remix sees them and sets the headers every response carries
// (docs/decisions/005-request-origin-and-csp.md). One process per core share the port
// (docs/decisions/012-request-cost.md); scripts/cluster.ts keeps them running.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { readdirSync } from "node:fs";
import { join, posix, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import cluster from "node:cluster";
import { defaultProcesses, runPrimary } from "./scripts/cluster";
import { env } from "#app/config.server";
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
    const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
    const probe = new Request(url, {
      method: req.method,
      headers: {
        ...(req.get("origin") ? { Origin: req.get("origin") ?? "" } : {}),
        ...(req.get("sec-fetch-site") ? { "Sec-Fetch-Site": req.get("sec-fetch-site") ?? "" } : {}),
      },
    });
    if (!isSameOriginRequest(probe)) {
      res.status(403).type("text/plain").send("Cross-origin request refused");
      return;
    }
    next();
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
  const handleRequest = createRequestHandler({ build, mode: build.mode });
  app.all("*", (req, res, next) => runInRequestScope(() => handleRequest(req, res, next)));

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
