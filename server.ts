// The production server: remix-serve's setup (compression, static files, request log) plus the one place
// that refuses cross-origin changes before Remix sees them and sets the headers every response carries
// (docs/decisions/005-request-origin-and-csp.md).
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { env } from "#app/config.server";
import { applySecurityHeaders, isSameOriginRequest } from "#app/modules/security/request-safety.server";

const buildPath = resolve(process.env.REMIX_BUILD ?? "build/server/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const port = Number(process.env.PORT || 3000);

const app = express();
app.disable("x-powered-by");
// Behind a proxy, TRUST_PROXY=1 lets express take the client address from X-Forwarded-For; otherwise a
// client-sent X-Forwarded-For is replaced, so nobody escapes the per-IP limits by inventing addresses.
if (env().TRUST_PROXY) app.set("trust proxy", true);
app.use(compression());

app.use((req, res, next) => {
  req.headers["x-forwarded-for"] = req.ip ?? req.socket.remoteAddress ?? "";
  // Defaults for every response (static files and resource routes too). Remix appends the headers of its
  // own responses; for these names its value (a page's `no-referrer`, the document CSP) replaces the default.
  const defaults = new Headers();
  applySecurityHeaders(defaults);
  defaults.forEach((value, key) => res.setHeader(key, value));
  const append = res.append.bind(res);
  res.append = (field: string, value?: string | string[]) =>
    defaults.has(field) && value !== undefined ? res.set(field, value) : append(field, value);
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

app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.all("*", createRequestHandler({ build, mode: build.mode }));

const server = app.listen(port, () => console.log(`[lianxin] http://localhost:${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
