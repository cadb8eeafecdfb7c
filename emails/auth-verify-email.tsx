import { z } from "zod";
import { Paragraph } from "./layout";
import { defineTemplate } from "./template";

export default defineTemplate({
  kind: "transactional",
  secrets: ["code"],
  schema: z.object({
    name: z.string().min(1),
    code: z.string().regex(/^\d{8}$/),
    minutes: z.number().int().positive(),
  }),
  sample: { name: "王芳", code: "48207316", minutes: 15 },
  title: (t) => t("email:templates.auth.verifyEmail.title"),
  subject: (t, d) => t("email:templates.auth.verifyEmail.subject", { code: d.code }),
  body: (t, d) => (
    <>
      <Paragraph>{t("email:layout.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("email:templates.auth.verifyEmail.intro")}</Paragraph>
      <p style={{ fontSize: 32, fontWeight: 700, letterSpacing: 6, margin: "0 0 16px" }}>{d.code}</p>
      <Paragraph>{t("email:templates.auth.verifyEmail.expires", { minutes: d.minutes })}</Paragraph>
    </>
  ),
});
