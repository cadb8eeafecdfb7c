import { z } from "zod";
import { helpKinds } from "#app/modules/help/codes";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** A request nobody acknowledged in time, to whoever it went up to. */
export default defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    requestId: z.number().int().positive(),
    kind: z.enum(helpKinds),
    address: z.string(),
    url: z.url(),
  }),
  sample: {
    name: "刘芳",
    requestId: 42,
    kind: "medical",
    address: "石油新村 3-2-501",
    url: "https://lianxin.example/help/42",
  },
  title: (t) => t("help:email.escalated.title"),
  subject: (t, d) => t("help:email.escalated.subject", { address: d.address }),
  body: (t, d) => (
    <>
      <Paragraph>{t("help:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>
        {t("help:email.escalated.intro", { address: d.address, kind: t(`help:kind.${d.kind}`) })}
      </Paragraph>
      <ButtonLink href={d.url} label={t("help:email.open")} />
    </>
  ),
});
