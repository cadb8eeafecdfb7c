import { resolve } from "node:path";

// vitest owns tests/.tmp/vitest and empties it at the start of each run; the e2e suite keeps its database in
// tests/.tmp/e2e, out of the way.
export const tmpDir = resolve("tests/.tmp/vitest");
export const templateDbPath = resolve(tmpDir, "template.db");
