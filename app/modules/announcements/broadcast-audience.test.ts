import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, schema } from "#db/client.server";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { everyResident, type Audience } from "./audience";
import { publishedNotice, publishWarning } from "./publish-notice";
import { countReach, recipientsQuery } from "./targeting.server";

describe("who a broadcast reaches", () => {
  it("leaves out volunteers who never accepted their invitation", async () => {
    const compoundId = await createCompound();
    const accepted = await createUser({ role: "volunteer", volunteerTier: 3, compoundId });
    const invited = await createUser({ role: "volunteer", volunteerTier: 3, compoundId });
    await getDatabase().writeAtomic((d) =>
      d.update(schema.users).set({ passwordHash: null }).where(eq(schema.users.id, invited.id)),
    );
    const audience: Audience = {
      ...everyResident,
      residents: false,
      compoundIds: [compoundId],
      volunteerTiers: [3],
    };
    const rows = await getDatabase().db.all<{ id: number }>(recipientsQuery(audience));
    expect(rows.map((r) => r.id)).toEqual([accepted.id]);
    expect(await countReach(audience)).toBe(1);
  });
});

describe("publishing to nobody", () => {
  it("warns before, and says after that nobody matched rather than that emails are going out", async () => {
    const empty = await createCompound();
    const audience = { ...everyResident, compoundIds: [empty] };
    const reach = await countReach(audience);
    expect(reach).toBe(0);
    expect(publishWarning(reach)).toBe("nobody");
    expect(publishedNotice(reach, 0)).toBe("publishedNobody");
    expect(publishWarning(3)).toBeNull();
    expect(publishedNotice(3, 0)).toBe("publishedNoEmail");
    expect(publishedNotice(3, 3)).toBe("published");
  });
});
