// Who may open one announcement, and what they see (decision 023): its readers see it whole; a public one
// opens for anyone, signed in or not, as a notice board shows it; anyone else learns who it is for and whom
// to ask, rather than meeting a 404. A draft or scheduled one reveals nothing.
import type { Actor } from "#app/modules/auth/policy";
import { listCompounds } from "#app/modules/people/people.server";
import type { AnnouncementKind, Audience } from "./audience";
import { getAnnouncement, readAnnouncement, type AnnouncementView } from "./announcements.server";

export type AnnouncementAccess =
  | { kind: "reader"; view: AnnouncementView }
  | { kind: "public"; view: AnnouncementView }
  | {
      kind: "restricted";
      announcementKind: AnnouncementKind;
      audience: Audience;
      /** Names of the compounds the audience names, for the explanation. */
      compounds: string[];
    }
  | { kind: "notFound" };

export async function openAnnouncement(
  actor: Actor | null,
  id: number,
  now = new Date(),
): Promise<AnnouncementAccess> {
  if (actor) {
    const view = await readAnnouncement(actor, id, now);
    if (view) return { kind: "reader", view };
  }
  const announcement = await getAnnouncement(id);
  if (!announcement || announcement.status !== "published") return { kind: "notFound" };
  if (announcement.isPublic)
    return {
      kind: "public",
      view: {
        announcement,
        expired: announcement.expiresAt !== null && announcement.expiresAt <= now,
      },
    };
  const named = new Set(announcement.audience.compoundIds);
  const compounds = named.size
    ? (await listCompounds()).filter((c) => named.has(c.id)).map((c) => c.name)
    : [];
  return {
    kind: "restricted",
    announcementKind: announcement.kind,
    audience: announcement.audience,
    compounds,
  };
}
