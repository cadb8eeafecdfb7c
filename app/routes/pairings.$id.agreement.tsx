import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useRouteLoaderData,
  useSearchParams,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { PrintButton } from "#app/components/roster/print-button";
import { requestIp } from "#app/modules/audit/audit.server";
import { assertPermission, forbidden, requireUser } from "#app/modules/auth/guard.server";
import { can, type Actor, type PairingFacts } from "#app/modules/auth/policy";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import {
  addGoal,
  addProgressNote,
  agreementIdOf,
  confirmByResident,
  getAgreementCard,
  loadPairing,
  recordSigning,
  setGoalStatus,
} from "#app/modules/roster/agreements.server";
import {
  goalDomains,
  goalStatuses,
  goalStatusKey,
  pairingStatusKey,
  signingMethods,
} from "#app/modules/roster/codes";
import { dayField, formatDay, parseDay } from "#app/modules/roster/dates";
import { dayWithin, todayIn } from "#app/modules/dates/range";
import { DayField } from "#app/components/day-field";
import { addressLine } from "#app/modules/households/brief";
import { endPairing } from "#app/modules/roster/pairings.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import type { loader as rootLoader } from "#app/root";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

const text = (max: number, required: string) =>
  z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(max, { error: "roster:validation.tooLong" });

const GoalSchema = z.object({
  intent: z.literal("goal"),
  domain: z.enum(goalDomains),
  target: text(300, "roster:validation.targetRequired"),
  dueAt: dayField,
});
const StatusSchema = z.object({
  intent: z.literal("status"),
  goalId: z.coerce.number().int().positive(),
  status: z.enum(goalStatuses),
});
const NoteSchema = z.object({
  intent: z.literal("note"),
  goalId: z.coerce.number().int().positive(),
  notedAt: dayField,
  note: text(1000, "roster:validation.noteRequired"),
});
const SigningSchema = z.object({
  intent: z.literal("signing"),
  signedAt: dayField,
  signedHow: z.enum(signingMethods),
});
const ConfirmSchema = z.object({ intent: z.literal("confirm") });
const EndSchema = z.object({
  intent: z.literal("end"),
  reason: text(300, "roster:validation.reasonRequired"),
});
/** The dated forms with their dates' ranges from the community's `today` (app/modules/dates/range.ts). */
function datedSchemas(today: string) {
  return {
    goal: GoalSchema.extend({ dueAt: dayField.superRefine(dayWithin("goalDue", today)) }),
    note: NoteSchema.extend({ notedAt: dayField.superRefine(dayWithin("progressNote", today)) }),
    signing: SigningSchema.extend({ signedAt: dayField.superRefine(dayWithin("signing", today)) }),
  };
}

function agreementSchema(today: string) {
  const dated = datedSchemas(today);
  return z.discriminatedUnion("intent", [
    dated.goal,
    StatusSchema,
    dated.note,
    dated.signing,
    ConfirmSchema,
    EndSchema,
  ]);
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("roster:agreement.cardTitle");

async function loadCard(request: Request, params: { id?: string }) {
  const user = await requireUser(request);
  const id = Number(params.id);
  const loaded = Number.isInteger(id) && id > 0 ? await loadPairing(id) : null;
  if (!loaded) throw new Response("Not found", { status: 404 });
  assertPermission(user, "pairing.read", loaded.facts);
  return { user, ...loaded };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, pairing, facts } = await loadCard(request, params);
  const [card, settings] = await Promise.all([
    getAgreementCard(user, pairing.id, facts, { via: "agreement", ip: requestIp(request) }),
    getSettings(),
  ]);
  if (!card) throw new Response("Not found", { status: 404 });
  const canWrite = can(user, "agreement.write", facts);
  return {
    card: { ...card, address: addressLine(card.household) },
    timeZone: settings.timeZone,
    today: formatDay(new Date(), settings.timeZone),
    canWrite,
    canEnd: can(user, "pairing.write", { compoundId: facts.compoundId }) && card.pairing.status !== "ended",
    canConfirm: user.role === "resident" && facts.memberUserIds.includes(user.id) && !card.agreement.signedAt,
  };
}

/** Whether `user` may make the change an intent names, judged before the form is read. */
function mayChange(user: Actor, intent: string, facts: PairingFacts): boolean {
  if (intent === "confirm") return user.role === "resident" && facts.memberUserIds.includes(user.id);
  if (intent === "end") return can(user, "pairing.write", { compoundId: facts.compoundId });
  return can(user, "agreement.write", facts);
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const { user, pairing, facts } = await loadCard(request, params);
  const formData = await request.formData();
  if (!mayChange(user, String(formData.get("intent")), facts)) throw forbidden();
  const agreementId = await agreementIdOf(pairing.id);
  if (agreementId === null) throw new Response("Not found", { status: 404 });
  const { timeZone } = await getSettings();
  const submission = parseWithZod(formData, { schema: agreementSchema(todayIn(timeZone)) });
  const intent = String(formData.get("intent"));
  const goalId = Number(formData.get("goalId")) || null;
  if (submission.status !== "success")
    return data({ intent, goalId, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const day = (value: string) => parseDay(value, timeZone) ?? new Date(Number.NaN);
  const meta = requestMeta(request);
  let outcome: "ok" | "notFound" | "forbidden";
  switch (v.intent) {
    case "goal":
      outcome = await addGoal(
        user,
        agreementId,
        { domain: v.domain, target: v.target, dueAt: day(v.dueAt) },
        meta,
      );
      break;
    case "status":
      outcome = await setGoalStatus(user, agreementId, v.goalId, v.status, meta);
      break;
    case "note":
      outcome = await addProgressNote(
        user,
        agreementId,
        v.goalId,
        { notedAt: day(v.notedAt), note: v.note },
        meta,
      );
      break;
    case "signing":
      outcome = await recordSigning(
        user,
        agreementId,
        { signedAt: day(v.signedAt), signedHow: v.signedHow },
        meta,
      );
      break;
    case "confirm":
      outcome = await confirmByResident(user, agreementId, meta);
      break;
    case "end":
      outcome = await endPairing(user, pairing.id, v.reason, meta);
      break;
  }
  if (outcome !== "ok") throw new Response(outcome, { status: outcome === "notFound" ? 404 : 403 });
  throw redirect(`/pairings/${pairing.id}/agreement?notice=saved`);
}

type ActionData = { intent: string; goalId: number | null; result: SubmissionResult<string[]> } | undefined;

function resultFor(actionData: ActionData, intent: string, goalId: number | null = null) {
  return actionData?.intent === intent && actionData.goalId === goalId ? actionData.result : undefined;
}

function GoalForms({
  goalId,
  status,
  today,
  actionData,
}: {
  goalId: number;
  status: string;
  today: string;
  actionData: ActionData;
}) {
  const { t } = useTranslation("roster");
  const [noteForm, noteFields] = useForm<
    { intent: string; goalId: string; notedAt: string; note: string },
    z.output<typeof NoteSchema>
  >({
    id: `note-${goalId}`,
    lastResult: resultFor(actionData, "note", goalId),
    defaultValue: { notedAt: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: datedSchemas(today).note }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="goal-forms no-print">
      <Form method="post" className="inline-form roster-inline-form">
        <input type="hidden" name="intent" value="status" />
        <input type="hidden" name="goalId" value={goalId} />
        <label htmlFor={`status-${goalId}`}>{t("agreement.goalStatusLabel")}</label>
        <select id={`status-${goalId}`} name="status" defaultValue={status}>
          {goalStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`goalStatus.${goalStatusKey[s]}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("agreement.setStatus")}
        </button>
      </Form>
      <Form method="post" {...getFormProps(noteForm)} className="form compact">
        <input type="hidden" name="intent" value="note" />
        <input type="hidden" name="goalId" value={goalId} />
        <DayField
          meta={noteFields.notedAt}
          label={t("agreement.noteDate")}
          kind="progressNote"
          today={today}
        />
        <Field meta={noteFields.note} label={t("agreement.note")} />
        <button type="submit" className="secondary">
          {t("agreement.saveNote")}
        </button>
      </Form>
    </div>
  );
}

export default function AgreementCard() {
  const { card, timeZone, today, canWrite, canEnd, canConfirm } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const actionData = useActionData<typeof action>() as ActionData;
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("roster");
  const { t: th } = useTranslation("households");
  const [goalForm, goalFields] = useForm<{ intent: string; domain: string; target: string; dueAt: string }>({
    id: "goal",
    lastResult: resultFor(actionData, "goal"),
    defaultValue: { domain: "employment" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: datedSchemas(today).goal }),
    shouldRevalidate: "onBlur",
  });
  const [signForm, signFields] = useForm<{ intent: string; signedAt: string; signedHow: string }>({
    id: "signing",
    lastResult: resultFor(actionData, "signing"),
    defaultValue: { signedAt: today, signedHow: "paper" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: datedSchemas(today).signing }),
    shouldRevalidate: "onBlur",
  });
  const [endForm, endFields] = useForm<{ intent: string; reason: string }>({
    id: "end",
    lastResult: resultFor(actionData, "end"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EndSchema }),
  });
  const notice = params.get("notice");
  const other = i18n.language === "en" ? "zh-CN" : "en";
  const { agreement, pairing } = card;
  return (
    <div className="stack">
      <div className="page-head no-print">
        <p>
          <Link to={`/roster/volunteers/${pairing.volunteerId}`}>← {card.volunteerName}</Link>
        </p>
        <div className="actions">
          <PrintButton label={t("agreement.print")} />
          <a href={`?lng=${other}`} lang={other}>
            {t("agreement.printOther")}
          </a>
        </div>
      </div>
      {notice === "created" || notice === "saved" ? (
        <p className="notice no-print" role="status">
          {t(notice === "created" ? "pairing.created" : "agreement.saved")}
        </p>
      ) : null}

      <article className="agreement-card" aria-labelledby="agreement-title">
        <header className="agreement-head">
          <p className="agreement-community">{root?.community.name}</p>
          <h1 id="agreement-title">{t("agreement.cardTitle")}</h1>
        </header>
        <dl className="facts agreement-facts">
          <dt>{t("agreement.household")}</dt>
          <dd>
            {card.household.compoundName} {card.address} · {card.household.headName ?? ""} ·{" "}
            {th(`hardshipLevel.${card.household.hardshipLevel}`)}
          </dd>
          <dt>{t("agreement.helper")}</dt>
          <dd>
            {card.volunteerName} {card.volunteerPhone ?? ""} · {t(`role.${pairing.role}`)}
            {card.volunteerTier ? ` · ${t(`tier.${card.volunteerTier as 1 | 2 | 3 | 4}`)}` : ""}
          </dd>
          <dt>{t("agreement.supervisor")}</dt>
          <dd>{card.supervisorName ? `${card.supervisorName} ${card.supervisorPhone ?? ""}` : "—"}</dd>
          <dt>{t("agreement.status")}</dt>
          <dd>
            {t(`status.${pairingStatusKey[pairing.status]}`)} ·{" "}
            {pairing.endedAt
              ? t("pairing.period", {
                  from: formatDay(pairing.startedAt, timeZone),
                  to: formatDay(pairing.endedAt, timeZone),
                })
              : t("pairing.startedOn", { date: formatDay(pairing.startedAt, timeZone) })}
          </dd>
        </dl>

        <h2>{t("agreement.goals")}</h2>
        {card.goals.length === 0 ? <p className="muted">{t("agreement.noGoals")}</p> : null}
        <ol className="goal-list">
          {card.goals.map((g) => (
            <li key={g.id} className="goal">
              <p className="goal-head">
                <strong>{t(`domain.${g.domain}`)}</strong> · {g.target}
              </p>
              <p className="goal-meta">
                {t("agreement.due")}: {formatDay(g.dueAt, timeZone)} · {t("agreement.goalStatusLabel")}:{" "}
                <span className={`goal-status status-${g.status}`}>
                  {t(`goalStatus.${goalStatusKey[g.status]}`)}
                </span>
              </p>
              {g.notes.length > 0 ? (
                <ul className="goal-notes" aria-label={t("agreement.progress")}>
                  {g.notes.map((n) => (
                    <li key={n.id}>
                      <time dateTime={new Date(n.notedAt).toISOString()}>
                        {formatDay(n.notedAt, timeZone)}
                      </time>{" "}
                      {n.note}
                    </li>
                  ))}
                </ul>
              ) : null}
              {canWrite && pairing.status === "active" ? (
                <GoalForms goalId={g.id} status={g.status} today={today} actionData={actionData} />
              ) : null}
            </li>
          ))}
        </ol>

        <section className="signing" aria-labelledby="signing-title">
          <h2 id="signing-title">{t("agreement.signing")}</h2>
          <p>
            {agreement.signedAt && agreement.signedHow
              ? t("agreement.signedOn", {
                  date: formatDay(agreement.signedAt, timeZone),
                  how: t(`signedHow.${agreement.signedHow}`),
                })
              : t("agreement.unsigned")}
          </p>
          <div className="signature-lines print-only">
            <span>{t("agreement.signatureHelper")}</span>
            <span>{t("agreement.signatureResident")}</span>
            <span>{t("agreement.signatureDate")}</span>
          </div>
        </section>
      </article>

      {canConfirm ? (
        <Form method="post" className="stack narrow no-print">
          <input type="hidden" name="intent" value="confirm" />
          <p className="hint">{t("agreement.confirmHint")}</p>
          <button type="submit" className="primary">
            {t("agreement.confirm")}
          </button>
        </Form>
      ) : null}

      {canWrite && pairing.status === "active" ? (
        <div className="stack narrow no-print">
          <section aria-labelledby="add-goal-title" className="stack">
            <h2 id="add-goal-title">{t("agreement.addGoal")}</h2>
            <Form method="post" {...getFormProps(goalForm)} className="form">
              <input type="hidden" name="intent" value="goal" />
              <div className="field">
                <label htmlFor={goalFields.domain.id}>{t("agreement.domainLabel")}</label>
                <select id={goalFields.domain.id} name={goalFields.domain.name} defaultValue="employment">
                  {goalDomains.map((d) => (
                    <option key={d} value={d}>
                      {t(`domain.${d}`)}
                    </option>
                  ))}
                </select>
              </div>
              <Field meta={goalFields.target} label={t("agreement.target")} />
              <DayField meta={goalFields.dueAt} label={t("agreement.due")} kind="goalDue" today={today} />
              <button type="submit" className="primary">
                {t("agreement.saveGoal")}
              </button>
            </Form>
          </section>
          <section aria-labelledby="record-signing-title" className="stack">
            <h2 id="record-signing-title">{t("agreement.recordSigning")}</h2>
            <Form method="post" {...getFormProps(signForm)} className="form">
              <input type="hidden" name="intent" value="signing" />
              <DayField
                meta={signFields.signedAt}
                label={t("agreement.signedAt")}
                kind="signing"
                today={today}
              />
              <div className="field">
                <label htmlFor={signFields.signedHow.id}>{t("agreement.signedHowLabel")}</label>
                <select id={signFields.signedHow.id} name={signFields.signedHow.name} defaultValue="paper">
                  {signingMethods.map((m) => (
                    <option key={m} value={m}>
                      {t(`signedHow.${m}`)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="secondary">
                {t("agreement.saveSigning")}
              </button>
            </Form>
          </section>
          <p>
            <Link to={`/cards/connection/${card.household.id}`}>{t("card.title")}</Link>
          </p>
        </div>
      ) : null}

      {canEnd ? (
        <section aria-labelledby="end-title" className="stack narrow no-print">
          <h2 id="end-title">{t("pairing.end")}</h2>
          <Form method="post" {...getFormProps(endForm)} className="form">
            <input type="hidden" name="intent" value="end" />
            <Field meta={endFields.reason} label={t("pairing.endReason")} />
            <button type="submit" className="danger">
              {t("pairing.end")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
