// Before the e2e suite: make sure a Chromium exists (see tests/e2e/browser.ts), or stop with the command to run.
import { ensureChromium, machineDeps } from "#tests/e2e/browser";

const result = ensureChromium(machineDeps);
if (result.ok) {
  console.log(`lianxin: e2e browser ${result.path}`);
} else {
  console.error(`lianxin: no Chromium for the e2e tests and none could be installed; run: ${result.command}`);
  process.exit(1);
}
