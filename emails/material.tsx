import { z } from "zod";
import { formatFen } from "#app/modules/material/money";
import { grantReasons, grantStatuses } from "#app/modules/material/codes";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate, type EmailT } from "./template";

const money = (t: EmailT, fen: number) => formatFen(fen, t("material:email.locale"));

/** To each resident of a household: this month's credit is on the love card. */
export const materialCredited = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({ name: z.string(), month: z.string(), amountFen: z.number().int(), url: z.url() }),
  sample: { name: "孙秀英", month: "2026-12", amountFen: 12000, url: "https://lianxin.example/me" },
  title: (t) => t("material:email.credited.title"),
  subject: (t, d) => t("material:email.credited.subject", { amount: money(t, d.amountFen) }),
  body: (t, d) => (
    <>
      <Paragraph>{t("material:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>
        {t("material:email.credited.body", { month: d.month, amount: money(t, d.amountFen) })}
      </Paragraph>
      <ButtonLink href={d.url} label={t("material:email.credited.open")} />
    </>
  ),
});

/** To a donor who left an email: thanks, with the receipt number. */
export const materialThankYou = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    receiptNo: z.string(),
    kind: z.enum(["cash", "goods"]),
    valueFen: z.number().int(),
    purpose: z.string().nullable(),
  }),
  sample: {
    name: "油田建材公司",
    receiptNo: "JZ2026-000012",
    kind: "goods",
    valueFen: 250000,
    purpose: "孤寡老人",
  },
  title: (t) => t("material:email.thanks.title"),
  subject: (t) => t("material:email.thanks.subject"),
  body: (t, d) => (
    <>
      <Paragraph>
        {t("material:email.greeting", { name: d.name || t("material:email.thanks.friend") })}
      </Paragraph>
      <Paragraph>
        {t(`material:email.thanks.body.${d.kind}`, { value: money(t, d.valueFen), receiptNo: d.receiptNo })}
      </Paragraph>
      {d.purpose ? <Paragraph>{t("material:email.thanks.purpose", { purpose: d.purpose })}</Paragraph> : null}
      <Paragraph>{t("material:email.thanks.close")}</Paragraph>
    </>
  ),
});

/** To the approvers of a compound: a grant waits for a second person's decision. */
export const materialGrantToDecide = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    grantId: z.number().int(),
    amountFen: z.number().int(),
    reason: z.enum(grantReasons),
    url: z.url(),
  }),
  sample: {
    name: "刘芳",
    grantId: 7,
    amountFen: 80000,
    reason: "illness",
    url: "https://lianxin.example/fund/grants/7",
  },
  title: (t) => t("material:email.toDecide.title"),
  subject: (t, d) => t("material:email.toDecide.subject", { amount: money(t, d.amountFen) }),
  body: (t, d) => (
    <>
      <Paragraph>{t("material:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>
        {t("material:email.toDecide.body", {
          amount: money(t, d.amountFen),
          reason: t(`material:reason.${d.reason}`),
        })}
      </Paragraph>
      <ButtonLink href={d.url} label={t("material:email.open")} />
    </>
  ),
});

/** To the proposer: the grant was approved or rejected. */
export const materialGrantDecided = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    grantId: z.number().int(),
    status: z.enum(grantStatuses),
    amountFen: z.number().int(),
    note: z.string().nullable(),
    url: z.url(),
  }),
  sample: {
    name: "陈伟",
    grantId: 7,
    status: "approved",
    amountFen: 80000,
    note: null,
    url: "https://lianxin.example/fund/grants/7",
  },
  title: (t, d) => t(`material:email.decided.title.${d.status}`),
  subject: (t, d) => t(`material:email.decided.title.${d.status}`),
  body: (t, d) => (
    <>
      <Paragraph>{t("material:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t(`material:email.decided.body.${d.status}`, { amount: money(t, d.amountFen) })}</Paragraph>
      {d.note ? <Paragraph>{t("material:email.decided.note", { note: d.note })}</Paragraph> : null}
      <ButtonLink href={d.url} label={t("material:email.open")} />
    </>
  ),
});
