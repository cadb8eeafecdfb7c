import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { formatInZone } from "#app/modules/dates/day";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { maskPhone } from "#app/modules/notifications/phone";
import {
  listOptOuts,
  listSmsBox,
  optInNumber,
  recordSmsReply,
  saveSmsSettings,
  smsCostReport,
  smsWaiting,
} from "#app/modules/notifications/sms-box.server";
import { resumeSms, smsTransportName } from "#app/modules/notifications/sms-delivery.server";
import {
  liToYuan,
  SmsLimitsSchema,
  SmsReplySchema,
  yuanToLi,
  type SmsLimitsInput,
  type SmsReplyInput,
} from "#app/modules/notifications/sms-forms";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import outboxStylesUrl from "#app/styles/outbox.css?url";

export const links = () => [{ rel: "stylesheet", href: outboxStylesUrl }];
export const meta = pageMeta("sms:page.title");

const monthParam = z
  .string()
  .regex(/^\d{4}-\d{2}$/)
  .optional()
  .catch(undefined);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "mailbox.read");
  const url = new URL(request.url);
  const to = url.searchParams.get("to")?.slice(0, 40) ?? "";
  const before = Number(url.searchParams.get("before"));
  const locale = getLocale(request);
  const settings = await getSettings();
  const admin = can(user, "settings.manage");
  const month =
    monthParam.parse(url.searchParams.get("month") ?? undefined) ??
    DateTime.now().setZone(settings.timeZone).toFormat("yyyy-LL");
  const [box, waiting, cost, optOuts] = await Promise.all([
    listSmsBox({ to, before: Number.isSafeInteger(before) && before > 0 ? before : undefined }),
    smsWaiting(),
    admin ? smsCostReport(month, settings.timeZone, settings.smsPriceLi) : null,
    listOptOuts(),
  ]);
  const at = (d: Date) => formatInZone(d, settings.timeZone, locale, "dateTime");
  return {
    admin,
    provider: smsTransportName(),
    paused: settings.smsPausedAt
      ? { at: at(settings.smsPausedAt), reason: settings.smsPausedReason ?? "" }
      : null,
    waiting,
    limits: {
      smsDailyPerNumber: String(settings.smsDailyPerNumber),
      smsMonthlyCap: String(settings.smsMonthlyCap),
      price: liToYuan(settings.smsPriceLi),
    },
    cost: cost && {
      ...cost,
      byKind: cost.byKind.map((l) => ({ ...l, cost: liToYuan(l.costLi) })),
      byCompound: cost.byCompound.map((l) => ({ ...l, cost: liToYuan(l.costLi) })),
      total: { ...cost.total, cost: liToYuan(cost.total.costLi) },
    },
    to,
    texts: box.texts.map((s) => ({ ...s, receivedAt: at(s.receivedAt) })),
    olderHref: box.nextBefore
      ? `?${new URLSearchParams({ ...(to ? { to } : {}), before: String(box.nextBefore) })}`
      : null,
    optOuts: optOuts.map((o) => ({
      phone: o.phone,
      shown: maskPhone(o.phone),
      source: o.source,
      at: at(o.at),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "reply") {
    const user = await requirePermission(request, "outbox.manage");
    const submission = parseWithZod(form, { schema: SmsReplySchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const result = await recordSmsReply(submission.value.phone, submission.value.text, user.id, "staff");
    if (result === "badNumber")
      return data(submission.reply({ fieldErrors: { phone: ["sms:page.validation.phone"] } }), {
        status: 400,
      });
    throw redirect(`/admin/sms?done=${result}`);
  }
  const user = await requirePermission(request, "settings.manage");
  if (intent === "resume") {
    await resumeSms(user.id);
    throw redirect("/admin/sms?done=resumed");
  }
  if (intent === "optIn") {
    await optInNumber(String(form.get("phone") ?? ""), user.id);
    throw redirect("/admin/sms?done=optedIn");
  }
  const submission = parseWithZod(form, { schema: SmsLimitsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { smsDailyPerNumber, smsMonthlyCap, price } = submission.value;
  await saveSmsSettings(user.id, { smsDailyPerNumber, smsMonthlyCap, smsPriceLi: yuanToLi(price) });
  throw redirect("/admin/sms?done=saved");
}

export default function SmsPage() {
  const { admin, provider, paused, waiting, limits, cost, to, texts, olderHref, optOuts } =
    useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("sms");
  const done = params.get("done");
  const [limitsForm, limitFields] = useForm<SmsLimitsInput>({
    id: "sms-limits",
    lastResult: lastResult?.initialValue?.intent === "limits" ? lastResult : undefined,
    defaultValue: limits,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SmsLimitsSchema }),
    shouldRevalidate: "onBlur",
  });
  const [replyForm, replyFields] = useForm<SmsReplyInput>({
    id: "sms-reply",
    lastResult: lastResult?.initialValue?.intent === "reply" ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SmsReplySchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section aria-labelledby="sms-title" className="stack sms-page">
      <h1 id="sms-title">{t("page.title")}</h1>
      <p>
        {provider === "smsbox"
          ? t("page.leadLocal")
          : t("page.leadProvider", { provider: t(`page.providers.${provider}`) })}
      </p>
      <p>
        <Link to="/admin/outbox?channel=sms">{t("page.outboxLink", { count: waiting })}</Link>
      </p>
      {done ? (
        <p className="notice" role="status">
          {t(`page.done.${done}` as "page.done.saved")}
        </p>
      ) : null}
      {paused ? (
        <section className="card notice-warn" aria-labelledby="sms-paused-title" role="alert">
          <h2 id="sms-paused-title">{t("page.pausedTitle")}</h2>
          <p>{t("page.pausedSince", { at: paused.at })}</p>
          <p>{paused.reason}</p>
          {admin ? (
            <Form method="post">
              <button type="submit" name="intent" value="resume" className="primary">
                {t("page.resume")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {cost ? (
        <section aria-labelledby="sms-cost-title">
          <h2 id="sms-cost-title">{t("page.costTitle", { month: cost.month })}</h2>
          <Form method="get" className="inline-form">
            <div className="field">
              <label htmlFor="sms-month">{t("page.month")}</label>
              <input id="sms-month" name="month" type="month" defaultValue={cost.month} />
            </div>
            <button type="submit" className="secondary">
              {t("page.show")}
            </button>
          </Form>
          <p>{t("page.costTotal", { count: cost.total.texts, cost: cost.total.cost })}</p>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="sms-by-kind">
            <table>
              <caption id="sms-by-kind">{t("page.byKind")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("page.kind")}</th>
                  <th scope="col">{t("page.texts")}</th>
                  <th scope="col">{t("page.cost")}</th>
                </tr>
              </thead>
              <tbody>
                {cost.byKind.map((l) => (
                  <tr key={l.kind}>
                    <th scope="row">{t(`page.kinds.${l.kind}`)}</th>
                    <td>{l.texts}</td>
                    <td>¥{l.cost}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="sms-by-compound">
            <table>
              <caption id="sms-by-compound">{t("page.byCompound")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("page.compound")}</th>
                  <th scope="col">{t("page.texts")}</th>
                  <th scope="col">{t("page.cost")}</th>
                </tr>
              </thead>
              <tbody>
                {cost.byCompound.length === 0 ? (
                  <tr>
                    <td colSpan={3}>{t("page.noTexts")}</td>
                  </tr>
                ) : (
                  cost.byCompound.map((l) => (
                    <tr key={l.compoundId ?? "none"}>
                      <th scope="row">{l.name ?? t("page.noCompound")}</th>
                      <td>{l.texts}</td>
                      <td>¥{l.cost}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {admin ? (
        <section aria-labelledby="sms-limits-title">
          <h2 id="sms-limits-title">{t("page.limitsTitle")}</h2>
          <p>{t("page.limitsLead")}</p>
          <Form method="post" {...getFormProps(limitsForm)} className="form">
            <input type="hidden" name="intent" value="limits" />
            <Field
              meta={limitFields.smsDailyPerNumber}
              label={t("page.daily")}
              type="number"
              min={1}
              max={100}
            />
            <Field meta={limitFields.smsMonthlyCap} label={t("page.monthlyCap")} type="number" min={0} />
            <Field meta={limitFields.price} label={t("page.price")} inputMode="decimal" />
            <button type="submit" className="primary">
              {t("page.save")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="sms-optout-title">
        <h2 id="sms-optout-title">{t("page.optOutTitle")}</h2>
        <p>{t("page.optOutLead")}</p>
        <Form method="post" {...getFormProps(replyForm)} className="form">
          <input type="hidden" name="intent" value="reply" />
          <Field meta={replyFields.phone} label={t("page.replyPhone")} type="tel" autoComplete="off" />
          <Field meta={replyFields.text} label={t("page.replyText")} autoComplete="off" />
          <button type="submit" className="primary">
            {t("page.recordReply")}
          </button>
        </Form>
        {optOuts.length > 0 ? (
          <ul className="sms-optouts">
            {optOuts.map((o) => (
              <li key={o.phone}>
                {o.shown} · {t(`page.sources.${o.source}`)} · {o.at}
                {admin ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="phone" value={o.phone} />
                    <button type="submit" name="intent" value="optIn" className="secondary">
                      {t("page.optIn")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="sms-box-title">
        <h2 id="sms-box-title">{t("page.boxTitle")}</h2>
        <p>{t("page.boxLead")}</p>
        <Form method="get" className="form inline-form" role="search">
          <div className="field">
            <label htmlFor="sms-to">{t("page.search")}</label>
            <input id="sms-to" name="to" type="search" defaultValue={to} autoComplete="off" />
          </div>
          <button type="submit" className="primary">
            {t("page.searchSubmit")}
          </button>
        </Form>
        {texts.length === 0 ? (
          <p>{t("page.boxEmpty")}</p>
        ) : (
          <ul className="message-list sms-box">
            {texts.map((s) => (
              <li key={s.id} className="card">
                <p className="message-meta">
                  <strong className="outbox-to">{s.to}</strong> · {s.receivedAt} · <code>{s.template}</code>
                </p>
                <p className="sms-text">{s.text}</p>
              </li>
            ))}
          </ul>
        )}
        <p className="pager">
          {to || olderHref ? <Link to="/admin/sms">{t("page.newer")}</Link> : null}
          {olderHref ? <Link to={olderHref}>{t("page.older")}</Link> : null}
        </p>
      </section>
    </section>
  );
}
