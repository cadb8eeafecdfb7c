import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

export default defineTemplate({
  kind: "transactional",
  secrets: ["url"],
  schema: z.object({
    inviterName: z.string().min(1),
    role: z.enum(["volunteer", "organizer", "admin"]),
    url: z.url(),
    days: z.number().int().positive(),
  }),
  sample: { inviterName: "李主任", role: "volunteer", url: "https://lianxin.example/invite/sample", days: 7 },
  title: (t) => t("email:templates.auth.invitation.title"),
  subject: (t, d) => t("email:templates.auth.invitation.subject", { inviterName: d.inviterName }),
  body: (t, d) => (
    <>
      <Paragraph>
        {t("email:templates.auth.invitation.intro", {
          inviterName: d.inviterName,
          role: t(`email:roles.${d.role}`),
        })}
      </Paragraph>
      <ButtonLink href={d.url} label={t("email:templates.auth.invitation.button")} />
      <Paragraph>{t("email:templates.auth.invitation.expires", { days: d.days })}</Paragraph>
    </>
  ),
});
