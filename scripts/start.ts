// `npm start`: check configuration, build if there is no build or it is older than the sources, migrate, seed the demo community into an
// empty database (unless LIANXIN_DEMO=0), then serve the production build with server.ts (remix-serve's setup
// plus the same-origin rule and security headers, docs/decisions/005-request-origin-and-csp.md).
import { spawn } from "node:child_process";
import { hasCommunityData } from "#db/seed/reset";
import { loadConfig, openDatabase } from "./boot";
import { ensureBuild } from "./build";

const config = loadConfig();

if (!ensureBuild((message) => console.log(`lianxin: ${message}`))) {
  console.error("lianxin: the build failed; see the messages above");
  process.exit(1);
}

const database = await openDatabase();
// The demo seeder (faker and its locales) takes seconds to load: only an empty database pays for it.
if (config.LIANXIN_DEMO && !(await hasCommunityData(database))) {
  const { seedDemoIfEmpty } = await import("#db/seed/demo");
  const seeded = await seedDemoIfEmpty(database);
  if (seeded)
    console.log(`lianxin: demo community seeded (${seeded.households} households, ${seeded.users} accounts)`);
}
database.close();

// V8 sizes the young generation from the machine's memory: on 24 GB it commits about 128 MB of it per
// process, most of each server process's resident memory. 8 MB semi-spaces keep a process under the 250 MB
// budget at no measurable cost in throughput (docs/decisions/019-benchmark-of-what-users-feel.md).
const server = spawn(process.execPath, ["--max-semi-space-size=8", "--import", "tsx", "server.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV || "production", PORT: String(config.PORT) },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
