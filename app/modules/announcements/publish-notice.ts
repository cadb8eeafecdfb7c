// What the publish page says before and after: honest about an audience that matches nobody, and about a
// broadcast that sends no email (everyone it reaches turned announcement emails off).

/** The warning shown before publishing, if any. */
export function publishWarning(reach: number): "nobody" | null {
  return reach === 0 ? "nobody" : null;
}

/** The notice after publishing: emails going out, nobody matched, or people reached on the site only. */
export function publishedNotice(
  reach: number,
  emails: number,
): "published" | "publishedNobody" | "publishedNoEmail" {
  if (reach === 0) return "publishedNobody";
  return emails === 0 ? "publishedNoEmail" : "published";
}
