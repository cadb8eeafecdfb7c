import { z } from "zod";
import { helpKinds } from "#app/modules/help/codes";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** To the resident who asked: their request moved on, with the note meant for them if there is one. */
export default defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    requestId: z.number().int().positive(),
    kind: z.enum(helpKinds),
    status: z.enum(["acknowledged", "in_progress", "resolved"]),
    note: z.string().nullable(),
    url: z.url(),
  }),
  sample: {
    name: "孙秀英",
    requestId: 42,
    kind: "medical",
    status: "acknowledged",
    note: "明天上午九点陪您去医院。",
    url: "https://lianxin.example/help/42",
  },
  title: (t, d) => t(`help:email.status.title.${d.status}`),
  subject: (t, d) => t(`help:email.status.title.${d.status}`),
  body: (t, d) => (
    <>
      <Paragraph>{t("help:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t(`help:email.status.intro.${d.status}`, { kind: t(`help:kind.${d.kind}`) })}</Paragraph>
      {d.note ? <Paragraph>{t("help:email.status.note", { note: d.note })}</Paragraph> : null}
      <ButtonLink href={d.url} label={t("help:email.status.open")} />
    </>
  ),
});
