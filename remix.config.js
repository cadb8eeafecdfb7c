// The one home of Lianxin's Remix options. The Vite plugin does not read this file on its own:
// vite.config.ts imports it, and app/routes.ts takes the route-file rules from it.

/** Every v3 future flag, so that the move to React Router 7 is mechanical. */
export const future = {
  v3_fetcherPersist: true,
  v3_relativeSplatPath: true,
  v3_throwAbortReason: true,
  v3_singleFetch: true,
  v3_lazyRouteDiscovery: true,
  v3_routeConfig: true,
};

/** Files under app/routes that are not routes: tests, server helpers beside a route, styles. */
export const ignoredRouteFiles = ["**/.*", "**/*.test.{ts,tsx}", "**/*.server.ts", "**/*.css"];

/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  future,
  serverModuleFormat: "esm",
};
