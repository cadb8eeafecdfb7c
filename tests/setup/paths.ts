import { resolve } from "node:path";

export const tmpDir = resolve("tests/.tmp");
export const templateDbPath = resolve(tmpDir, "template.db");
