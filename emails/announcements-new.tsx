import { z } from "zod";
import { renderMarkdown } from "#app/modules/announcements/markdown.server";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate } from "./template";

const facts = z.object({
  employer: z.string().nullable().optional(),
  positions: z.number().nullable().optional(),
  payMin: z.number().nullable().optional(),
  payMax: z.number().nullable().optional(),
  requirements: z.string().nullable().optional(),
  /** An ISO date in the community's zone. */
  deadline: z.string().nullable().optional(),
  contact: z.string().nullable().optional(),
});

/**
 * A broadcast: the whole notice, its job facts (pay, deadline, contact) and its body rendered from Markdown
 * (the plain part is made from this HTML, so lists read as lists). It carries List-Unsubscribe and an
 * unsubscribe link. Rows queued before the body travelled with them show the summary instead.
 */
export default defineTemplate({
  kind: "announcements",
  secrets: [],
  schema: z.object({
    title: z.string().min(1),
    summary: z.string(),
    url: z.url(),
    body: z.string().max(20_000).optional(),
    facts: facts.optional(),
  }),
  sample: {
    title: "社区超市招聘理货员",
    summary: "岗位说明 每天4小时",
    url: "https://lianxin.example/announcements/1",
    body: "岗位说明\n\n* 每天4小时\n* 就近安排\n\n**欢迎**零就业家庭报名。",
    facts: {
      employer: "爱心超市",
      positions: 2,
      payMin: 2000,
      payMax: 2600,
      requirements: null,
      deadline: "2026-12-20",
      contact: "0546-1234567 王女士",
    },
  },
  title: (t) => t("email:templates.announcements.new.title"),
  subject: (t, d) => t("email:templates.announcements.new.subject", { title: d.title }),
  body: (t, d) => {
    const f = d.facts ?? {};
    const pay =
      f.payMin != null && f.payMax != null
        ? t("announcements:detail.payRange", { min: f.payMin, max: f.payMax })
        : f.payMin != null
          ? t("announcements:detail.payFrom", { min: f.payMin })
          : f.payMax != null
            ? t("announcements:detail.payUpTo", { max: f.payMax })
            : null;
    const rows: [string, string][] = [];
    if (f.employer) rows.push([t("announcements:detail.employer"), f.employer]);
    if (f.positions != null)
      rows.push([
        t("announcements:detail.positions"),
        t("announcements:detail.positionsValue", { count: f.positions }),
      ]);
    if (pay) rows.push([t("announcements:detail.pay"), pay]);
    if (f.requirements) rows.push([t("announcements:detail.requirements"), f.requirements]);
    if (f.deadline) rows.push([t("announcements:detail.deadline"), f.deadline]);
    if (f.contact) rows.push([t("announcements:detail.contact"), f.contact]);
    return (
      <>
        <Paragraph>{t("email:templates.announcements.new.intro")}</Paragraph>
        <p style={{ fontWeight: 700, margin: "0 0 8px" }}>{d.title}</p>
        {rows.length > 0 ? (
          <table role="presentation" style={{ borderCollapse: "collapse", margin: "0 0 16px" }}>
            <tbody>
              {rows.map(([term, value]) => (
                <tr key={term}>
                  <th align="left" style={{ padding: "2px 12px 2px 0", verticalAlign: "top" }}>
                    {term}
                  </th>
                  <td style={{ padding: "2px 0" }}>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {d.body ? (
          // Sanitised by the announcements' allow-list, as on the site.
          <div dangerouslySetInnerHTML={{ __html: renderMarkdown(d.body) }} />
        ) : d.summary ? (
          <Paragraph>{d.summary}</Paragraph>
        ) : null}
        <ButtonLink href={d.url} label={t("email:templates.announcements.new.button")} />
      </>
    );
  },
});
