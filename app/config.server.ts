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

export const envSchema = z
  .object({
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
    /** Text messages (decision 025): the local SMS box unless a provider is named, with its keys. */
    SMS_PROVIDER: z
      .enum(["local", "alibaba", "tencent"], { error: "expected local, alibaba or tencent" })
      .default("local"),
    SMS_SIGN_NAME: z.string().default("连心社区"),
    /** The provider's approved template code for each of ours: {"code":"SMS_1","code:en":"SMS_2",…}. */
    SMS_TEMPLATES: z
      .string()
      .transform((value, ctx) => {
        try {
          return z.record(z.string(), z.string()).parse(JSON.parse(value));
        } catch {
          ctx.addIssue({ code: "custom", message: 'expected JSON such as {"code":"SMS_123"}' });
          return z.NEVER;
        }
      })
      .optional(),
    SMS_RATE_PER_SECOND: z.coerce.number({ error: "expected requests per second" }).positive().default(20),
    SMS_MAX_ATTEMPTS: z.coerce.number({ error: "expected a whole number" }).int().min(1).default(8),
    ALIBABA_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
    ALIBABA_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
    /** Points the Alibaba SDK elsewhere (tests): http://127.0.0.1:PORT. */
    ALIBABA_SMS_ENDPOINT: origin.optional(),
    TENCENT_SMS_SECRET_ID: z.string().min(1).optional(),
    TENCENT_SMS_SECRET_KEY: z.string().min(1).optional(),
    /** SmsSdkAppId, from the Tencent SMS console. */
    TENCENT_SMS_APP_ID: z.string().min(1).optional(),
    TENCENT_SMS_REGION: z.string().default("ap-guangzhou"),
    /** Points the Tencent SDK elsewhere (tests): http://127.0.0.1:PORT. */
    TENCENT_SMS_ENDPOINT: origin.optional(),
    /** The secret in the reply hooks' paths, /hooks/sms/aliyun/<token> and /hooks/sms/tencent/<token> (decision 028). */
    SMS_REPLY_TOKEN: z.string().min(24, { error: "expected at least 24 random characters" }).optional(),
  })
  .superRefine((config, ctx) => {
    const need = (names: (keyof typeof config)[]) => {
      for (const name of names)
        if (!config[name])
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: `required when SMS_PROVIDER=${config.SMS_PROVIDER}`,
          });
    };
    if (config.SMS_PROVIDER === "alibaba")
      need(["ALIBABA_SMS_ACCESS_KEY_ID", "ALIBABA_SMS_ACCESS_KEY_SECRET"]);
    if (config.SMS_PROVIDER === "tencent")
      need(["TENCENT_SMS_SECRET_ID", "TENCENT_SMS_SECRET_KEY", "TENCENT_SMS_APP_ID"]);
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
