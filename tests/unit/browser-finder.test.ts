import { describe, expect, it } from "vitest";
import { ensureChromium, systemChromium, type BrowserFinderDeps } from "#tests/e2e/browser";

const playwrightPath = "/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome";

/** A machine where only `files` exist; installers record their call and may add a file. */
function machine(options: {
  files?: string[];
  env?: Record<string, string>;
  root?: boolean;
  playwrightInstalls?: boolean;
  aptInstalls?: boolean;
}) {
  const files = new Set(options.files ?? []);
  const calls: string[] = [];
  const deps: BrowserFinderDeps = {
    env: options.env ?? {},
    exists: (path) => files.has(path),
    playwrightChromium: () => playwrightPath,
    isRoot: () => options.root ?? false,
    installWithPlaywright: {
      command: "npx playwright install chromium",
      run: () => {
        calls.push("playwright");
        if (options.playwrightInstalls) files.add(playwrightPath);
        return !!options.playwrightInstalls;
      },
    },
    installWithApt: {
      command: "apt-get update && apt-get install -y chromium",
      run: () => {
        calls.push("apt");
        if (options.aptInstalls) files.add(systemChromium);
        return !!options.aptInstalls;
      },
    },
    log: () => {},
  };
  return { deps, calls };
}

describe("the e2e browser finder", () => {
  it("prefers CHROMIUM_PATH when that file exists", () => {
    const { deps, calls } = machine({
      env: { CHROMIUM_PATH: "/opt/chrome/chrome" },
      files: ["/opt/chrome/chrome", playwrightPath, systemChromium],
    });
    expect(ensureChromium(deps)).toEqual({ ok: true, path: "/opt/chrome/chrome" });
    expect(calls).toEqual([]);
  });

  it("skips a CHROMIUM_PATH that does not exist", () => {
    const { deps } = machine({ env: { CHROMIUM_PATH: "/nowhere/chrome" }, files: [systemChromium] });
    expect(ensureChromium(deps)).toEqual({ ok: true, path: systemChromium });
  });

  it("uses Playwright's own Chromium before the system one", () => {
    const { deps } = machine({ files: [playwrightPath, systemChromium] });
    expect(ensureChromium(deps)).toEqual({ ok: true, path: playwrightPath });
  });

  it("falls back to /usr/bin/chromium when Playwright's browser is not downloaded", () => {
    const { deps, calls } = machine({ files: [systemChromium] });
    expect(ensureChromium(deps)).toEqual({ ok: true, path: systemChromium });
    expect(calls).toEqual([]);
  });

  it("installs Playwright's Chromium first when there is none", () => {
    const { deps, calls } = machine({ root: true, playwrightInstalls: true, aptInstalls: true });
    expect(ensureChromium(deps)).toEqual({ ok: true, path: playwrightPath });
    expect(calls).toEqual(["playwright"]);
  });

  it("installs Debian's chromium as root when Playwright's download fails", () => {
    const { deps, calls } = machine({ root: true, aptInstalls: true });
    expect(ensureChromium(deps)).toEqual({ ok: true, path: systemChromium });
    expect(calls).toEqual(["playwright", "apt"]);
  });

  it("does not try apt without root and names the command to run", () => {
    const { deps, calls } = machine({ root: false, aptInstalls: true });
    expect(ensureChromium(deps)).toEqual({
      ok: false,
      command: "sudo apt-get update && sudo apt-get install -y chromium",
    });
    expect(calls).toEqual(["playwright"]);
  });

  it("gives up with the apt command when every installer fails", () => {
    const { deps, calls } = machine({ root: true });
    expect(ensureChromium(deps)).toEqual({
      ok: false,
      command: "apt-get update && apt-get install -y chromium",
    });
    expect(calls).toEqual(["playwright", "apt"]);
  });

  it("does not trust an installer that reports success without leaving a browser", () => {
    const { deps } = machine({ root: true });
    deps.installWithPlaywright.run = () => true;
    expect(ensureChromium(deps).ok).toBe(false);
  });
});
