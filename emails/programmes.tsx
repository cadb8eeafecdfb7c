import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** A case whose step passed its time limit, to the programme's responsible person for its compound. */
export const programmesStepOverdue = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    programme: z.string(),
    step: z.string(),
    address: z.string(),
    days: z.number().int().positive(),
    url: z.url(),
  }),
  sample: {
    name: "刘芳",
    programme: "再就业培训",
    step: "小区审核",
    address: "石油新村 3-2-501",
    days: 2,
    url: "https://lianxin.example/programmes/1/cases/7",
  },
  title: (t) => t("programmes:email.overdue.title"),
  subject: (t, d) => t("programmes:email.overdue.subject", { programme: d.programme, address: d.address }),
  body: (t, d) => (
    <>
      <Paragraph>{t("programmes:email.overdue.greeting", { name: d.name })}</Paragraph>
      <Paragraph>
        {t("programmes:email.overdue.intro", {
          programme: d.programme,
          step: d.step,
          address: d.address,
          count: d.days,
        })}
      </Paragraph>
      <ButtonLink href={d.url} label={t("programmes:email.overdue.open")} />
    </>
  ),
});
