import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** To every admin: the SMS provider refused for want of balance, and texts wait until someone resumes them. */
export default defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({ name: z.string(), reason: z.string(), url: z.url() }),
  sample: {
    name: "管理员",
    reason: "服务商账户余额不足（isv.AMOUNT_NOT_ENOUGH），短信已暂停。",
    url: "https://lianxin.example/admin/sms",
  },
  title: (t) => t("sms:email.paused.title"),
  subject: (t) => t("sms:email.paused.subject"),
  body: (t, d) => (
    <>
      <Paragraph>{t("sms:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("sms:email.paused.intro", { reason: d.reason })}</Paragraph>
      <ButtonLink href={d.url} label={t("sms:email.paused.open")} />
    </>
  ),
});
