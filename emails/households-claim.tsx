import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** To a resident whose claim of a household staff decided: linked now, or refused with the reason. */
export default defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    decision: z.enum(["approved", "refused"]),
    reason: z.string().nullable(),
    url: z.url(),
  }),
  sample: {
    name: "孙秀英",
    decision: "refused",
    reason: "登记的电话与您填写的不一致，请带户口本到社区办公室办理。",
    url: "https://lianxin.example/me/household",
  },
  title: (t, d) => t(`households:email.claim.title.${d.decision}`),
  subject: (t, d) => t(`households:email.claim.title.${d.decision}`),
  body: (t, d) => (
    <>
      <Paragraph>{t("households:email.claim.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t(`households:email.claim.intro.${d.decision}`)}</Paragraph>
      {d.reason ? <Paragraph>{t("households:email.claim.reason", { reason: d.reason })}</Paragraph> : null}
      <ButtonLink href={d.url} label={t("households:email.claim.open")} />
    </>
  ),
});
