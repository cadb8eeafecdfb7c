import { z } from "zod";
import { helpKinds } from "#app/modules/help/codes";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** Staff passed a request to this person by hand (reassigned to them, or escalated to them). */
export default defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    requestId: z.number().int().positive(),
    kind: z.enum(helpKinds),
    address: z.string(),
    by: z.string(),
    url: z.url(),
  }),
  sample: {
    name: "刘芳",
    requestId: 42,
    kind: "medical",
    address: "石油新村 3-2-501",
    by: "王组织",
    url: "https://lianxin.example/help/42",
  },
  title: (t) => t("help:email.assigned.title"),
  subject: (t, d) => t("help:email.assigned.subject", { address: d.address }),
  body: (t, d) => (
    <>
      <Paragraph>{t("help:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>
        {t("help:email.assigned.intro", { address: d.address, kind: t(`help:kind.${d.kind}`), by: d.by })}
      </Paragraph>
      <ButtonLink href={d.url} label={t("help:email.open")} />
    </>
  ),
});
