import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "#app/config.server";

function configError(source: Record<string, string | undefined>): ConfigError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("parseEnv accepted the configuration");
}

describe("configuration from the environment", () => {
  it("starts an embedded demo on port 3000 when nothing is set", () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      DATABASE_URL: "file:./data/lianxin.db",
      LIANXIN_DEMO: true,
      EMAIL_WORKER: "inline",
      EMAIL_RATE_PER_SECOND: 2,
    });
    expect(config.RESEND_API_KEY).toBeUndefined();
  });

  it("treats an empty variable as not set", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" })).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/lianxin.db",
    });
  });

  it("takes the values it is given", () => {
    expect(
      parseEnv({ PORT: "8080", DATABASE_URL: "libsql://db.example.org", LIANXIN_DEMO: "0" }),
    ).toMatchObject({ PORT: 8080, DATABASE_URL: "libsql://db.example.org", LIANXIN_DEMO: false });
  });

  it.each(["postgres://x", "./data/lianxin.db", "mysql://localhost/db"])(
    "refuses DATABASE_URL=%s, naming the variable",
    (url) => {
      const error = configError({ DATABASE_URL: url });
      expect(error.variable).toBe("DATABASE_URL");
      expect(error.expected).toMatch(/file:PATH/);
    },
  );

  it.each(["abc", "0", "65536", "80.5"])("refuses PORT=%s, naming the variable", (port) => {
    const error = configError({ PORT: port });
    expect(error.variable).toBe("PORT");
  });

  it("reports one variable at a time when several are wrong", () => {
    const error = configError({ PORT: "abc", DATABASE_URL: "postgres://x" });
    expect(["PORT", "DATABASE_URL"]).toContain(error.variable);
    expect(error.message).toBe(`Invalid configuration: ${error.variable} — ${error.expected}`);
  });
});
