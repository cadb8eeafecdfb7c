import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { requestIp } from "#app/modules/audit/audit.server";
import { assertPermission, requirePermission, requireUser } from "#app/modules/auth/guard.server";
import { can, isCadre, isStaff } from "#app/modules/auth/policy";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { skills } from "#app/modules/roster/codes";
import { chainUp } from "#app/modules/roster/linkage.server";
import {
  directReportCount,
  leaveVolunteer,
  returnSupervisorOptions,
  returnVolunteer,
  statusHistory,
  successorOptions,
} from "#app/modules/roster/lifecycle.server";
import { StatusHistory } from "#app/components/roster/status-history";
import {
  compoundOptionsFor,
  getVolunteer,
  pairingsOfVolunteer,
  pairingsUnder,
  updateProfile,
} from "#app/modules/roster/roster.server";
import { PairingList } from "#app/components/roster/pairing-list";
import { getSettings } from "#app/modules/settings/settings.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";
import { ownProfile } from "#app/modules/service/profile.server";
import { useListFormat } from "#app/modules/i18n/list";

const ProfileSchema = z.object({
  intent: z.literal("profile"),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, { error: "roster:validation.phoneInvalid" })
    .optional(),
  skills: z.array(z.enum(skills)).default([]),
  availability: z.string().trim().max(200, { error: "roster:validation.tooLong" }).optional(),
  capacity: z.coerce
    .number({ error: "roster:validation.capacityRange" })
    .int({ error: "roster:validation.capacityRange" })
    .min(0, { error: "roster:validation.capacityRange" })
    .max(50, { error: "roster:validation.capacityRange" }),
  extraCompoundIds: z.array(z.coerce.number().int().positive()).default([]),
});
const LeaveSchema = z.object({
  intent: z.literal("leave"),
  reason: z.string().trim().max(500, { error: "roster:validation.tooLong" }).optional(),
  successorId: z.coerce.number().int().positive().optional(),
  confirm: z.literal("yes", { error: "roster:validation.confirmRequired" }),
});
const ReturnSchema = z.object({
  intent: z.literal("return"),
  reason: z.string().trim().max(500, { error: "roster:validation.tooLong" }).optional(),
  supervisorId: z.coerce.number().int().positive().optional(),
});
const VolunteerSchema = z.discriminatedUnion("intent", [ProfileSchema, LeaveSchema, ReturnSchema]);

const leaveErrorKeys = {
  alreadyLeft: "lifecycle:leave.error.alreadyLeft",
  successorRequired: "lifecycle:leave.error.successorRequired",
  successorInvalid: "lifecycle:leave.error.successorInvalid",
} as const;
const returnErrorKeys = {
  notLeft: "lifecycle:return.error.notLeft",
  supervisorRequired: "lifecycle:return.error.supervisorRequired",
  supervisorInvalid: "lifecycle:return.error.supervisorInvalid",
} as const;

/** What the profile form holds in the browser, before the schema coerces it. */
interface ProfileFormValue {
  intent: string;
  phone?: string;
  skills?: string[];
  availability?: string;
  capacity: string;
  extraCompoundIds?: string[];
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data }) => data?.volunteer.name);

async function loadVolunteer(params: { id?: string }) {
  const id = Number(params.id);
  const volunteer = Number.isInteger(id) && id > 0 ? await getVolunteer(id) : null;
  if (!volunteer) throw new Response("Not found", { status: 404 });
  return volunteer;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const volunteer = await loadVolunteer(params);
  assertPermission(user, "roster.read", { ...volunteer, chain: await chainUp([volunteer.id]) });
  const ctx = { via: "roster.volunteer", ip: requestIp(request) };
  // Whoever has people under them (tiers 1–3) answers for those people's households too.
  const showUnder = volunteer.tier !== null && volunteer.tier < 4;
  const canManage = can(user, "volunteer.manage", { compoundId: volunteer.compoundId });
  const left = volunteer.disabledAt !== null;
  const leaver = { id: volunteer.id, tier: volunteer.tier };
  const [pairings, under, compounds, settings, history, reports, successors, supervisors, profile] =
    await Promise.all([
      pairingsOfVolunteer(user, volunteer.id, ctx),
      showUnder ? pairingsUnder(user, volunteer.id, ctx) : Promise.resolve([]),
      compoundOptionsFor(user),
      getSettings(),
      statusHistory(volunteer.id),
      directReportCount(volunteer.id),
      canManage && !left ? successorOptions(user, leaver) : Promise.resolve([]),
      canManage && left ? returnSupervisorOptions(user, leaver) : Promise.resolve([]),
      // What pairing suggestions read of their own profile (/volunteer/profile).
      ownProfile(volunteer.id),
    ]);
  return {
    left,
    history,
    languages: profile.languages,
    slots: profile.availabilitySlots,
    reports,
    successors,
    supervisors,
    volunteer,
    pairings,
    under: under.filter((p) => p.volunteerId !== volunteer.id),
    compounds,
    timeZone: settings.timeZone,
    canManage,
    canScheduleVisit: user.id !== volunteer.id && (isStaff(user) || isCadre(user)),
    // The same rule the pairing page holds to: pairing.write in a compound the volunteer serves.
    canPair: !left && volunteer.compoundIds.some((compoundId) => can(user, "pairing.write", { compoundId })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "roster.manage");
  const volunteer = await loadVolunteer(params);
  assertPermission(user, "volunteer.manage", { compoundId: volunteer.compoundId });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: VolunteerSchema });
  const intent = String(formData.get("intent"));
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  if (v.intent === "leave") {
    const outcome = await leaveVolunteer(
      user,
      volunteer.id,
      { reason: v.reason || null, successorId: v.successorId ?? null },
      requestMeta(request),
    );
    if (outcome.ok) throw redirect(`/roster/volunteers/${volunteer.id}?notice=left`);
    if (outcome.error === "notFound" || outcome.error === "forbidden")
      throw new Response(outcome.error, { status: outcome.error === "notFound" ? 404 : 403 });
    const field = outcome.error === "alreadyLeft" ? "confirm" : "successorId";
    return data(
      { intent, result: submission.reply({ fieldErrors: { [field]: [leaveErrorKeys[outcome.error]] } }) },
      { status: 400 },
    );
  }
  if (v.intent === "return") {
    const outcome = await returnVolunteer(
      user,
      volunteer.id,
      { reason: v.reason || null, supervisorId: v.supervisorId ?? null },
      requestMeta(request),
    );
    if (outcome.ok) throw redirect(`/roster/volunteers/${volunteer.id}?notice=returned`);
    if (outcome.error === "notFound" || outcome.error === "forbidden")
      throw new Response(outcome.error, { status: outcome.error === "notFound" ? 404 : 403 });
    return data(
      {
        intent,
        result: submission.reply({ fieldErrors: { supervisorId: [returnErrorKeys[outcome.error]] } }),
      },
      { status: 400 },
    );
  }
  const outcome = await updateProfile(
    user,
    volunteer.id,
    {
      phone: v.phone ?? null,
      skills: v.skills,
      availability: v.availability || null,
      capacity: v.capacity,
      extraCompoundIds: v.extraCompoundIds.filter((id) => id !== volunteer.compoundId),
    },
    requestMeta(request),
  );
  if (typeof outcome === "object")
    return data(
      {
        intent,
        result: submission.reply({
          fieldErrors: { capacity: [`roster:validation.capacityBelowLoad|${outcome.belowLoad}`] },
        }),
      },
      { status: 400 },
    );
  if (outcome !== "ok") throw new Response(outcome, { status: outcome === "notFound" ? 404 : 403 });
  throw redirect(`/roster/volunteers/${volunteer.id}?notice=saved`);
}

export default function VolunteerProfile() {
  const {
    volunteer,
    pairings,
    under,
    compounds,
    timeZone,
    canManage,
    canScheduleVisit,
    canPair,
    languages,
    slots,
    left,
    history,
    reports,
    successors,
    supervisors,
  } = useLoaderData<typeof loader>();
  const { t: tl } = useTranslation("lifecycle");
  const { t: tv } = useTranslation("visits");
  const { t: ts } = useTranslation("service");
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("roster");
  const list = useListFormat();
  const [form, fields] = useForm<ProfileFormValue, z.output<typeof ProfileSchema>>({
    id: "profile",
    lastResult: actionData?.intent === "profile" ? actionData.result : undefined,
    defaultValue: {
      phone: volunteer.phone ?? "",
      skills: volunteer.skills,
      availability: volunteer.availability ?? "",
      capacity: String(volunteer.capacity),
      extraCompoundIds: volunteer.extraCompoundIds.map(String),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
    shouldRevalidate: "onBlur",
  });
  const [leaveForm, leaveFields] = useForm<{
    intent: string;
    confirm: string;
    reason: string;
    successorId: string;
  }>({
    id: "leave",
    lastResult: actionData?.intent === "leave" ? actionData.result : undefined,
  });
  const [returnForm, returnFields] = useForm<{ intent: string; reason: string; supervisorId: string }>({
    id: "return",
    lastResult: actionData?.intent === "return" ? actionData.result : undefined,
  });
  const notice = params.get("notice");
  const current = pairings.filter((p) => p.status !== "ended");
  const pastPairings = pairings.filter((p) => p.status === "ended");
  return (
    <div className="stack">
      <p>
        <Link to="/roster">← {t("title")}</Link>
      </p>
      <h1>{volunteer.name}</h1>
      {notice === "saved" ? (
        <p className="notice" role="status">
          {t("volunteer.saved")}
        </p>
      ) : null}
      {notice === "left" || notice === "returned" ? (
        <p className="notice" role="status">
          {tl(notice === "left" ? "leave.done" : "return.done")}
        </p>
      ) : null}
      {left ? (
        <p>
          <span className="badge">{tl("status.left")}</span>
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("volunteer.tier")}</dt>
        <dd>{volunteer.tier ? t(`tier.${volunteer.tier as 1 | 2 | 3 | 4}`) : t("volunteer.none")}</dd>
        <dt>{t("volunteer.supervisor")}</dt>
        <dd>
          {volunteer.supervisorId ? (
            <Link to={`/roster/volunteers/${volunteer.supervisorId}`}>{volunteer.supervisorName}</Link>
          ) : (
            t("volunteer.noSupervisor")
          )}
        </dd>
        <dt>{t("volunteer.compound")}</dt>
        <dd>{volunteer.compoundName ?? t("volunteer.none")}</dd>
        <dt>{t("volunteer.extraCompounds")}</dt>
        <dd>{volunteer.extraCompounds ?? t("volunteer.none")}</dd>
        <dt>{t("volunteer.phone")}</dt>
        <dd>
          {volunteer.phone ? <a href={`tel:${volunteer.phone}`}>{volunteer.phone}</a> : t("volunteer.none")}
        </dd>
        <dt>{t("volunteer.skills")}</dt>
        <dd>{list(volunteer.skills.map((s) => t(`skill.${s}`))) || t("volunteer.none")}</dd>
        <dt>{t("volunteer.availability")}</dt>
        <dd>{volunteer.availability ?? t("volunteer.none")}</dd>
        <dt>{t("match.slotsLabel")}</dt>
        <dd>
          {list(slots.map((s) => `${ts(`weekdays.${s.day}`)} ${s.from}–${s.to}`)) || t("volunteer.none")}
        </dd>
        <dt>{t("match.languagesLabel")}</dt>
        <dd>{list(languages) || t("volunteer.none")}</dd>
        <dt>{t("volunteer.load")}</dt>
        <dd>
          {volunteer.load}/{volunteer.capacity}
        </dd>
      </dl>

      {canScheduleVisit && pairings.some((p) => p.status === "active") ? (
        <p>
          <Link className="button secondary" to={`/visits/new?volunteer=${volunteer.id}`}>
            {tv("new.title")}
          </Link>
        </p>
      ) : null}
      {canPair ? (
        <p>
          <Link className="button secondary" to={`/roster/volunteers/${volunteer.id}/pair`}>
            {t("match.pairHousehold")}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="current-title" className="stack">
        <h2 id="current-title">{t("volunteer.current")}</h2>
        <PairingList pairings={current} timeZone={timeZone} empty={t("volunteer.noPairings")} />
      </section>
      {under.length > 0 ? (
        <section aria-labelledby="under-title" className="stack">
          <h2 id="under-title">{t("volunteer.under")}</h2>
          <PairingList pairings={under} timeZone={timeZone} showVolunteer empty="" />
        </section>
      ) : null}
      <section aria-labelledby="history-title" className="stack">
        <h2 id="history-title">{t("volunteer.history")}</h2>
        <PairingList pairings={pastPairings} timeZone={timeZone} empty={t("volunteer.noPairings")} />
      </section>
      {history.length > 0 ? <StatusHistory events={history} timeZone={timeZone} /> : null}

      {canManage ? (
        <>
          {left ? null : (
            <section aria-labelledby="edit-title" className="stack narrow">
              <h2 id="edit-title">{t("volunteer.edit")}</h2>
              <Form method="post" {...getFormProps(form)} className="form">
                <input type="hidden" name="intent" value="profile" />
                <Field meta={fields.phone} label={t("volunteer.phone")} type="tel" />
                <fieldset className="checks">
                  <legend>{t("volunteer.skills")}</legend>
                  {skills.map((s) => (
                    <label key={s} className="checkbox">
                      <input
                        type="checkbox"
                        name={fields.skills.name}
                        value={s}
                        defaultChecked={volunteer.skills.includes(s)}
                      />
                      {t(`skill.${s}`)}
                    </label>
                  ))}
                </fieldset>
                <Field meta={fields.availability} label={t("volunteer.availability")} />
                <Field
                  meta={fields.capacity}
                  label={t("volunteer.capacity")}
                  type="number"
                  min={0}
                  max={50}
                />
                <fieldset className="checks">
                  <legend>{t("volunteer.extraCompounds")}</legend>
                  {compounds
                    .filter((c) => c.id !== volunteer.compoundId)
                    .map((c) => (
                      <label key={c.id} className="checkbox">
                        <input
                          type="checkbox"
                          name={fields.extraCompoundIds.name}
                          value={c.id}
                          defaultChecked={volunteer.extraCompoundIds.includes(c.id)}
                        />
                        {c.name}
                      </label>
                    ))}
                </fieldset>
                <button type="submit" className="primary">
                  {t("volunteer.save")}
                </button>
              </Form>
            </section>
          )}
          {left ? (
            <section aria-labelledby="return-title" className="stack narrow">
              <h2 id="return-title">{tl("return.title")}</h2>
              <p className="hint">{tl("return.hint")}</p>
              <Form method="post" {...getFormProps(returnForm)} className="form">
                <input type="hidden" name="intent" value="return" />
                {volunteer.tier !== null && volunteer.tier > 1 ? (
                  <div className="field">
                    <label htmlFor={returnFields.supervisorId.id}>{tl("return.supervisor")}</label>
                    <select
                      id={returnFields.supervisorId.id}
                      name="supervisorId"
                      defaultValue={
                        supervisors.some((s) => s.id === volunteer.supervisorId)
                          ? String(volunteer.supervisorId)
                          : ""
                      }
                      aria-invalid={returnFields.supervisorId.errors ? true : undefined}
                      aria-describedby={
                        returnFields.supervisorId.errors ? `${returnFields.supervisorId.id}-error` : undefined
                      }
                    >
                      <option value="">{tl("return.keepSupervisor")}</option>
                      {supervisors.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name}
                          {s.compoundName ? ` · ${s.compoundName}` : ""}
                        </option>
                      ))}
                    </select>
                    {returnFields.supervisorId.errors ? (
                      <p id={`${returnFields.supervisorId.id}-error`} className="field-error">
                        {tl(returnFields.supervisorId.errors[0] as "return.error.supervisorRequired")}
                      </p>
                    ) : null}
                  </div>
                ) : null}
                <div className="field">
                  <label htmlFor={returnFields.reason.id}>{tl("reason")}</label>
                  <textarea id={returnFields.reason.id} name="reason" rows={2} maxLength={500} />
                </div>
                <button type="submit" className="primary">
                  {tl("return.submit")}
                </button>
              </Form>
            </section>
          ) : (
            <section aria-labelledby="leave-title" className="stack narrow">
              <h2 id="leave-title">{t("volunteer.leave")}</h2>
              <p className="hint">{tl("leave.hint")}</p>
              <Form method="post" {...getFormProps(leaveForm)} className="form">
                <input type="hidden" name="intent" value="leave" />
                {reports > 0 ? (
                  <div className="field">
                    <label htmlFor={leaveFields.successorId.id}>
                      {tl("leave.successor", { count: reports })}
                    </label>
                    <select
                      id={leaveFields.successorId.id}
                      name="successorId"
                      required
                      defaultValue=""
                      aria-invalid={leaveFields.successorId.errors ? true : undefined}
                      aria-describedby={
                        leaveFields.successorId.errors ? `${leaveFields.successorId.id}-error` : undefined
                      }
                    >
                      <option value="">{tl("leave.chooseSuccessor")}</option>
                      {successors.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name}
                          {s.compoundName ? ` · ${s.compoundName}` : ""}
                        </option>
                      ))}
                    </select>
                    {leaveFields.successorId.errors ? (
                      <p id={`${leaveFields.successorId.id}-error`} className="field-error">
                        {tl(leaveFields.successorId.errors[0] as "leave.error.successorRequired")}
                      </p>
                    ) : null}
                  </div>
                ) : null}
                <div className="field">
                  <label htmlFor={leaveFields.reason.id}>{tl("reason")}</label>
                  <textarea id={leaveFields.reason.id} name="reason" rows={2} maxLength={500} />
                </div>
                <label className="checkbox">
                  <input {...getInputProps(leaveFields.confirm, { type: "checkbox", value: "yes" })} />
                  {t("volunteer.leaveConfirm")}
                </label>
                {leaveFields.confirm.errors ? (
                  <p className="field-error">
                    {leaveFields.confirm.errors[0]?.startsWith("lifecycle:")
                      ? tl(leaveFields.confirm.errors[0] as "leave.error.alreadyLeft")
                      : t(leaveFields.confirm.errors[0] as "validation.confirmRequired")}
                  </p>
                ) : null}
                <button type="submit" className="danger">
                  {t("volunteer.leave")}
                </button>
              </Form>
            </section>
          )}
        </>
      ) : null}
    </div>
  );
}
