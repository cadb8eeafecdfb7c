// `npm start`: check configuration, build if there is no build, migrate, seed the demo community into an
// empty database (unless LIANXIN_DEMO=0), then serve the production build with server.ts (remix-serve's setup
// plus the same-origin rule and security headers, docs/decisions/005-request-origin-and-csp.md).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { seedDemoIfEmpty } from "#db/seed/demo";
import { loadConfig, openDatabase } from "./boot";

const config = loadConfig();

if (!existsSync("build/server/index.js")) {
  console.log("lianxin: building the app (first start)…");
  const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
    stdio: "inherit",
  });
  if (build.status !== 0) {
    console.error("lianxin: the build failed; see the messages above");
    process.exit(1);
  }
}

const database = await openDatabase();
if (config.LIANXIN_DEMO) {
  const seeded = await seedDemoIfEmpty(database);
  if (seeded)
    console.log(`lianxin: demo community seeded (${seeded.households} households, ${seeded.users} accounts)`);
}
database.close();

const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV || "production", PORT: String(config.PORT) },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
