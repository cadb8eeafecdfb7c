import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

export default defineTemplate({
  kind: "transactional",
  secrets: ["url"],
  schema: z.object({ name: z.string().min(1), url: z.url(), minutes: z.number().int().positive() }),
  sample: { name: "王芳", url: "https://lianxin.example/reset/sample-token", minutes: 30 },
  title: (t) => t("email:templates.auth.passwordReset.title"),
  subject: (t) => t("email:templates.auth.passwordReset.subject"),
  body: (t, d) => (
    <>
      <Paragraph>{t("email:layout.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("email:templates.auth.passwordReset.intro")}</Paragraph>
      <ButtonLink href={d.url} label={t("email:templates.auth.passwordReset.button")} />
      <Paragraph>{t("email:templates.auth.passwordReset.expires", { minutes: d.minutes })}</Paragraph>
    </>
  ),
});
