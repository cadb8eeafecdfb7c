// The platform's limit: a plain node:http server answering every request with the bare page's bytes (the
// file named by BARE_PAGE_FILE), in as many processes as server.ts runs, so that the benchmark table shows
// what Remix, express and the app cost on top of Node itself. Started and stopped by tests/bench/run.ts.
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { defaultProcesses } from "../../scripts/cluster";

const processes = Number(process.env.WEB_CONCURRENCY) || defaultProcesses();
if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) cluster.fork();
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
      process.exit(0);
    });
} else {
  const body = readFileSync(process.env.BARE_PAGE_FILE ?? "");
  const headers = { "content-type": "text/html; charset=utf-8", "content-length": String(body.length) };
  createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  }).listen(Number(process.env.PORT), "127.0.0.1");
}
