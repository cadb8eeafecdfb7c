import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { forbidden, requirePermission } from "#app/modules/auth/guard.server";
import { can, isCadre, isStaff, type Actor } from "#app/modules/auth/policy";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { requestIp } from "#app/modules/audit/audit.server";
import { fullAddress } from "#app/modules/households/brief";
import { openHouseholdBrief, recordHouseholdBriefs } from "#app/modules/households/reader.server";
import { pairedHouseholdIds, subtreeMembers, usersByIds } from "#app/modules/roster/linkage.server";
import { volunteerInReach } from "#app/modules/roster/reach.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { scheduleSchema } from "#app/modules/visits/schemas";
import { todayIn } from "#app/modules/dates/range";
import { DayField } from "#app/components/day-field";
import { auditRefusal, planFacts } from "#app/modules/visits/access.server";
import { coVisitorOptions } from "#app/modules/visits/reads.server";
import { scheduleVisit } from "#app/modules/visits/visits.server";
import visitsStylesUrl from "#app/styles/visits.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: visitsStylesUrl }];

export const meta = pageMeta("visits:new.title");

function idParam(value: string | null): number | null {
  if (value === null || value === "") return null;
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

/** Whose visit is being planned: the volunteer themself, or one a cadre or organizer names in `?volunteer=`. */
function visitingVolunteer(user: Actor, requested: number | null): number | null {
  if (requested === null || requested === user.id) return user.role === "volunteer" ? user.id : null;
  if (isStaff(user) || isCadre(user)) return requested;
  throw forbidden();
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "visit.list");
  const params = new URL(request.url).searchParams;
  const volunteerId = visitingVolunteer(user, idParam(params.get("volunteer")));
  const householdId = idParam(params.get("household"));
  const settings = await getSettings();
  const overseen = isCadre(user) ? (await subtreeMembers(user.id)).filter((m) => !m.disabled) : [];
  if (volunteerId === null) {
    // Staff choose the volunteer next; a household named in the URL must still be one they may see.
    if (householdId !== null) {
      const opened = await openHouseholdBrief(user, householdId, {
        via: "visits.new",
        ip: requestIp(request),
      });
      if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
    }
    return {
      volunteer: null,
      households: [],
      coVisitors: [],
      overseen,
      householdId,
      timeZone: settings.timeZone,
      today: todayIn(settings.timeZone),
    };
  }
  // A volunteer named in the URL must be on the user's own roster (their compounds, their subtree).
  if (volunteerId !== user.id && !(await volunteerInReach(user, volunteerId))) throw forbidden();
  if (householdId !== null) {
    // A household named in the URL must be one this volunteer may visit: refuse and log anything else.
    const facts = await planFacts(householdId, volunteerId);
    if (!facts) throw new Response("Not found", { status: 404 });
    if (!can(user, "visit.schedule", facts)) {
      await auditRefusal(
        user,
        "visit.schedule",
        { type: "household", id: householdId },
        requestMeta(request),
        {
          volunteerId,
        },
      );
      throw forbidden();
    }
  }
  const [[volunteer], paired, coVisitors] = await Promise.all([
    usersByIds([volunteerId]),
    pairedHouseholdIds(volunteerId),
    coVisitorOptions(volunteerId),
  ]);
  if (!volunteer) throw new Response("Not found", { status: 404 });
  // Only the households the policy lets this user plan a visit to: a cadre or organizer outside the
  // volunteer's chain or compound sees none of them.
  const allowed = await Promise.all(
    paired.map(async (id) => {
      const facts = await planFacts(id, volunteerId);
      return facts && can(user, "visit.schedule", facts) ? id : null;
    }),
  );
  const briefs = await recordHouseholdBriefs(
    user.id,
    allowed.filter((id): id is number => id !== null),
    { via: "visits.new", ip: requestIp(request) },
  );
  return {
    volunteer: { id: volunteer.id, name: volunteer.name, self: volunteer.id === user.id },
    households: briefs.map((b) => ({
      id: b.id,
      label: `${fullAddress(b)}${b.headName ? ` ${b.headName}` : ""}`,
    })),
    coVisitors,
    overseen,
    householdId,
    timeZone: settings.timeZone,
    today: todayIn(settings.timeZone),
    staff: isStaff(user),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "visit.list");
  const { timeZone } = await getSettings();
  const submission = parseWithZod(await request.formData(), { schema: scheduleSchema(todayIn(timeZone)) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const volunteerId = visitingVolunteer(user, v.volunteer ?? null);
  if (volunteerId === null) throw forbidden();
  const result = await scheduleVisit(
    user,
    {
      householdId: v.household,
      volunteerId,
      date: v.date,
      startTime: v.startTime,
      endTime: v.endTime,
      place: v.place,
      purpose: v.purpose,
      coVisitorIds: v.coVisitors,
    },
    requestMeta(request),
  );
  if (result.ok) throw redirect(`/visits/${result.value.id}?notice=scheduled`);
  if (result.error === "invalid")
    return data(submission.reply({ fieldErrors: { [result.problem.field]: [result.problem.message] } }), {
      status: 400,
    });
  if (result.error === "notFound") throw new Response("Not found", { status: 404 });
  throw forbidden();
}

export default function NewVisit() {
  const { volunteer, households, coVisitors, overseen, householdId, timeZone, today, staff } =
    useLoaderData<typeof loader>();
  const schema = scheduleSchema(today);
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("visits");
  const tomorrow = DateTime.now().setZone(timeZone).plus({ days: 1 }).toFormat("yyyy-MM-dd");
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    defaultValue: {
      household: householdId === null ? "" : String(householdId),
      date: tomorrow,
      startTime: "09:00",
      endTime: "10:00",
      place: t("new.placeDefault"),
    },
  });
  const chosen = fields.coVisitors.initialValue;
  return (
    <section className="narrow stack" aria-labelledby="new-visit-title">
      <h1 id="new-visit-title">{t("new.title")}</h1>
      {overseen.length > 0 ? (
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="volunteer-pick">{t("new.volunteer")}</label>
            <select id="volunteer-pick" name="volunteer" defaultValue={volunteer ? String(volunteer.id) : ""}>
              {overseen.map((m) => (
                <option key={m.id} value={m.id}>
                  {"\u00a0".repeat(m.depth * 2)}
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t("new.chooseVolunteer")}
          </button>
        </Form>
      ) : null}
      {!volunteer && staff ? (
        <p className="notice">
          {t("new.pickFromRoster")} <Link to="/roster">{t("new.roster")}</Link>
        </p>
      ) : null}
      {volunteer && !volunteer.self ? <p>{t("new.forVolunteer", { name: volunteer.name })}</p> : null}
      {volunteer && households.length === 0 ? <p className="notice">{t("new.noHouseholds")}</p> : null}
      {volunteer && households.length > 0 ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <p className="muted">{t("new.lead", { zone: timeZone })}</p>
          <FormErrors id={`${form.id}-errors`} errors={form.errors} />
          {volunteer.self ? null : <input type="hidden" name="volunteer" value={volunteer.id} />}
          <div className="field">
            <label htmlFor={fields.household.id}>{t("new.household")}</label>
            <select
              id={fields.household.id}
              name={fields.household.name}
              defaultValue={fields.household.initialValue ?? ""}
              aria-invalid={fields.household.errors ? true : undefined}
              aria-describedby={fields.household.errors ? `${fields.household.id}-error` : undefined}
            >
              <option value="">{t("new.chooseHousehold")}</option>
              {households.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.label}
                </option>
              ))}
            </select>
            {fields.household.errors ? (
              <p id={`${fields.household.id}-error`} className="field-error">
                {fields.household.errors.map((e) => t(e as never)).join(" ")}
              </p>
            ) : null}
          </div>
          <DayField meta={fields.date} label={t("field.date")} kind="visit" today={today} />
          <div className="field-row visit-times">
            <Field meta={fields.startTime} label={t("field.startTime")} type="time" />
            <Field meta={fields.endTime} label={t("field.endTime")} type="time" />
          </div>
          <Field meta={fields.place} label={t("field.place")} />
          <Field meta={fields.purpose} label={t("field.purpose")} />
          <fieldset className="field">
            <legend>{t("field.coVisitors")}</legend>
            <p className="muted">{t("field.coVisitorsHint")}</p>
            {coVisitors.length === 0 ? <p className="muted">{t("field.noCoVisitors")}</p> : null}
            {coVisitors.map((c) => (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  name={fields.coVisitors.name}
                  value={c.id}
                  defaultChecked={Array.isArray(chosen) && chosen.includes(String(c.id))}
                />{" "}
                {c.name}
              </label>
            ))}
            {fields.coVisitors.errors ? (
              <p className="field-error">{fields.coVisitors.errors.map((e) => t(e as never)).join(" ")}</p>
            ) : null}
          </fieldset>
          <button type="submit" className="primary">
            {t("new.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
