import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

/** A broadcast: it carries List-Unsubscribe and an unsubscribe link. */
export default defineTemplate({
  kind: "announcements",
  secrets: [],
  schema: z.object({ title: z.string().min(1), summary: z.string(), url: z.url() }),
  sample: {
    title: "油田社区再就业技能培训班开始报名",
    summary: "面向零就业家庭和残疾人优先，名额 30 人。",
    url: "https://lianxin.example/announcements/1",
  },
  title: (t) => t("email:templates.announcements.new.title"),
  subject: (t, d) => t("email:templates.announcements.new.subject", { title: d.title }),
  body: (t, d) => (
    <>
      <Paragraph>{t("email:templates.announcements.new.intro")}</Paragraph>
      <p style={{ fontWeight: 700, margin: "0 0 8px" }}>{d.title}</p>
      {d.summary ? <Paragraph>{d.summary}</Paragraph> : null}
      <ButtonLink href={d.url} label={t("email:templates.announcements.new.button")} />
    </>
  ),
});
