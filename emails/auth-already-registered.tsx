import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

// Sent instead of an error on the sign-up page, so that the page does not tell strangers which addresses
// have an account: the owner of the address learns it here.
export default defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({ name: z.string().min(1), signInUrl: z.url(), resetUrl: z.url() }),
  sample: {
    name: "王芳",
    signInUrl: "https://lianxin.example/login",
    resetUrl: "https://lianxin.example/forgot-password",
  },
  title: (t) => t("email:templates.auth.alreadyRegistered.title"),
  subject: (t) => t("email:templates.auth.alreadyRegistered.subject"),
  body: (t, d) => (
    <>
      <Paragraph>{t("email:layout.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("email:templates.auth.alreadyRegistered.intro")}</Paragraph>
      <ButtonLink href={d.signInUrl} label={t("email:templates.auth.alreadyRegistered.signIn")} />
      <Paragraph>
        {t("email:templates.auth.alreadyRegistered.forgot")} <a href={d.resetUrl}>{d.resetUrl}</a>
      </Paragraph>
      <Paragraph>{t("email:templates.auth.alreadyRegistered.notYou")}</Paragraph>
    </>
  ),
});
