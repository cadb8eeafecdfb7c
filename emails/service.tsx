import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** To a volunteer whose confirmed hours reached a star level (星级志愿者): thanks, once per level. */
export const serviceStarReached = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    level: z.number().int().min(1).max(5),
    hours: z.number(),
    url: z.url(),
  }),
  sample: { name: "王晓明", level: 1, hours: 102, url: "https://lianxin.example/service" },
  title: (t, d) => t("service:email.star.title", { count: d.level }),
  subject: (t, d) => t("service:email.star.subject", { count: d.level }),
  body: (t, d) => (
    <>
      <Paragraph>{t("service:email.star.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("service:email.star.body", { count: d.level, hours: d.hours })}</Paragraph>
      <Paragraph>{t("service:email.star.close")}</Paragraph>
      <ButtonLink href={d.url} label={t("service:email.star.open")} />
    </>
  ),
});
