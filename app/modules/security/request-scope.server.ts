// Values kept for the length of one request (the signed-in user, looked up once rather than by every loader).
// Remix hands each loader its own copy of the Request, so the Request cannot key them; server.ts runs every
// request inside a scope instead. The store is found through a global symbol because server.ts and the app's
// build each load their own copy of this module. Outside a scope (the dev server, tests) nothing is kept.
import { AsyncLocalStorage } from "node:async_hooks";

type Scope = Map<string, unknown>;
const storeKey = Symbol.for("lianxin.requestScope");
type WithStore = typeof globalThis & { [storeKey]?: AsyncLocalStorage<Scope> };

function store(): AsyncLocalStorage<Scope> {
  const holder = globalThis as WithStore;
  holder[storeKey] ??= new AsyncLocalStorage<Scope>();
  return holder[storeKey];
}

/** Runs `fn` (one request's handling) with a fresh scope. */
export function runInRequestScope<T>(fn: () => T): T {
  return store().run(new Map(), fn);
}

/** The value under `key` in this request's scope, made by `make` the first time it is asked for. */
export function perRequest<T>(key: string, make: () => T): T {
  const scope = store().getStore();
  if (!scope) return make();
  if (!scope.has(key)) scope.set(key, make());
  return scope.get(key) as T;
}
