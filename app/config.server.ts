// Configuration from the environment, checked once at boot. A bad value stops the start with one line
// that names the variable and says what is expected (see scripts/start.ts and .env.example).
import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false"], { error: "expected 1 or 0" })
  .transform((v) => v === "1" || v === "true");

const databaseUrl = z.string().refine((v) => /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/|:memory:$)/.test(v), {
  error: "expected file:PATH, libsql://HOST, http(s)://HOST or ws(s)://HOST",
});

const origin = z
  .url({ error: "expected an absolute http(s) URL such as http://localhost:3000" })
  .refine((v) => /^https?:\/\//.test(v), {
    error: "expected an absolute http(s) URL such as http://localhost:3000",
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ error: "expected a port number" }).int().min(1).max(65535).default(3000),
  APP_ORIGIN: origin.optional(),
  DATABASE_URL: databaseUrl.default("file:./data/lianxin.db"),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  DATABASE_BUSY_TIMEOUT_MS: z.coerce.number({ error: "expected milliseconds" }).int().min(0).default(5000),
  LIANXIN_DEMO: flag.default(true),
  /** 1 behind a reverse proxy: the client address comes from X-Forwarded-For (server.ts, per-IP limits). */
  TRUST_PROXY: flag.default(false),
  /** Server processes sharing the port (server.ts); unset: one per CPU core. */
  WEB_CONCURRENCY: z.coerce
    .number({ error: "expected a whole number of processes" })
    .int()
    .min(1)
    .max(64)
    .optional(),
  EMAIL_WORKER: z.enum(["inline", "off"], { error: "expected inline or off" }).default("inline"),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: origin.optional(),
  EMAIL_RATE_PER_SECOND: z.coerce.number({ error: "expected requests per second" }).positive().default(2),
  EMAIL_MAX_ATTEMPTS: z.coerce.number({ error: "expected a whole number" }).int().min(1).default(8),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`Invalid configuration: ${variable} — ${expected}`);
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as it does in .env files and most shells.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(variable, issue?.message ?? "invalid value");
  }
  return result.data;
}

let cached: Env | undefined;

/** The process's configuration. Throws ConfigError on the first bad variable. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The public origin used in links inside emails and calendar feeds. */
export function appOrigin(): string {
  const e = env();
  return e.APP_ORIGIN ?? `http://localhost:${e.PORT}`;
}
