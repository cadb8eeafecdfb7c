import { describe, expect, it } from "vitest";
import { faker } from "@faker-js/faker";
import { and, eq } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { insertHousehold, makeHousehold } from "#db/seed/factories";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import {
  cardCredentialsFor,
  formatClaimCode,
  householdByCardToken,
  householdByClaimCode,
  normalizeClaimCode,
  revokeCardCredentials,
} from "./card-credentials.server";

let room = 700;
async function newHousehold() {
  const compoundId = await createCompound();
  const draft = makeHousehold(faker, {
    compoundId,
    address: { building: "9", unit: "1", room: String(++room) },
    level: "extreme",
  });
  const { householdId } = await getDatabase().write((tx) => insertHousehold(tx, draft));
  return householdId;
}

describe("connection card credentials", () => {
  it("issues one token and claim code per household on first print, and prints the same again", async () => {
    const staff = await createUser({ role: "admin" });
    const a = await newHousehold();
    const b = await newHousehold();
    const first = await cardCredentialsFor([a, b], staff.id);
    const again = await cardCredentialsFor([a, b], staff.id);
    expect(again.get(a)?.token).toBe(first.get(a)?.token);
    expect(first.get(a)?.token).not.toBe(first.get(b)?.token);
    expect(first.get(a)?.claimCode).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
    expect(await householdByCardToken(first.get(a)?.token ?? "")).toBe(a);
  });

  it("reads a claim code as a resident types it off the card: any case, with spaces or a dash", async () => {
    const staff = await createUser({ role: "admin" });
    const id = await newHousehold();
    const code = (await cardCredentialsFor([id], staff.id)).get(id)?.claimCode ?? "";
    const typed = ` ${formatClaimCode(code).toLowerCase().replace("-", " - ")} `;
    expect(await householdByClaimCode(typed)).toBe(id);
    expect(normalizeClaimCode("ABCDE-FGHI1")).toBeNull(); // I and 1 are never printed
    expect(await householdByClaimCode("short")).toBeNull();
  });

  it("stops the old QR and code working once revoked, and issues new ones on the next print", async () => {
    const staff = await createUser({ role: "admin" });
    const id = await newHousehold();
    const old = (await cardCredentialsFor([id], staff.id)).get(id);
    expect(await revokeCardCredentials(id, staff.id)).toBe(true);
    expect(await householdByCardToken(old?.token ?? "")).toBeNull();
    expect(await householdByClaimCode(old?.claimCode ?? "")).toBeNull();
    expect(await revokeCardCredentials(id, staff.id)).toBe(false);
    const renewed = (await cardCredentialsFor([id], staff.id)).get(id);
    expect(renewed?.token).not.toBe(old?.token);
    expect(await householdByCardToken(renewed?.token ?? "")).toBe(id);
    const logged = await db()
      .select()
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.action, "household.card_revoked"), eq(schema.auditLog.targetId, String(id))),
      );
    expect(logged).toHaveLength(1);
  });

  it("never looks up a token that is not shaped like one", async () => {
    expect(await householdByCardToken("1 OR 1=1")).toBeNull();
    expect(await householdByCardToken("")).toBeNull();
  });
});
