// Translations for e2e assertions, read from the same files the app bundles (Playwright's loader does not
// take JSON imports without an import attribute, so the files are read and typed from their own shape).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type zhAuthShape from "#app/locales/zh-CN/auth.json";

function read<T>(locale: "zh-CN" | "en", namespace: string): T {
  return JSON.parse(readFileSync(resolve("app/locales", locale, `${namespace}.json`), "utf8")) as T;
}

export const zhAuth = read<typeof zhAuthShape>("zh-CN", "auth");
