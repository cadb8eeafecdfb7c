import { z } from "zod";
import { helpKinds, helpUrgencies } from "#app/modules/help/codes";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** A new request of any urgency, to whoever holds it: the household's helper, or its compound's organizers. */
export default defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    requestId: z.number().int().positive(),
    kind: z.enum(helpKinds),
    urgency: z.enum(helpUrgencies),
    /** Hours the holder has to acknowledge it before it goes one level up. */
    hours: z.number().int().positive(),
    address: z.string(),
    url: z.url(),
  }),
  sample: {
    name: "陈伟",
    requestId: 42,
    kind: "daily",
    urgency: "soon",
    hours: 8,
    address: "石油新村 3-2-501",
    url: "https://lianxin.example/help/42",
  },
  title: (t, d) => t(`help:email.new.title.${d.urgency}`),
  subject: (t, d) =>
    t("help:email.new.subject", { title: t(`help:email.new.title.${d.urgency}`), address: d.address }),
  body: (t, d) => (
    <>
      <Paragraph>{t("help:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>
        {t("help:email.new.intro", {
          address: d.address,
          kind: t(`help:kind.${d.kind}`),
          urgency: t(`help:urgency.${d.urgency}`),
        })}
      </Paragraph>
      <ButtonLink href={d.url} label={t("help:email.open")} />
      <Paragraph>{t("help:email.new.window", { count: d.hours })}</Paragraph>
    </>
  ),
});
