// Pairing a volunteer with a household from the volunteer's side (issue 17 item 8): search the households this
// volunteer may serve, pick one, and pair under the same rules as the household's own pairing page.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "#app/components/form-errors";
import { Picker } from "#app/components/picker";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { todayIn, dayWithin } from "#app/modules/dates/range";
import { sharedI18n } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { householdOption } from "#app/modules/roster/candidate-reasons";
import { pairingRoles } from "#app/modules/roster/codes";
import { PairingRoleField, PairingStartFields } from "#app/components/roster/pairing-fields";
import { dayField, formatDay, parseDay } from "#app/modules/roster/dates";
import { pairingErrorField } from "#app/modules/roster/pairings.server";
import { getVolunteer } from "#app/modules/roster/roster.server";
import {
  pairableVolunteer,
  pairFromVolunteer,
  searchHouseholdsToPair,
} from "#app/modules/roster/suggestions.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import rosterStylesUrl from "#app/styles/roster.css?url";

const PairSchema = z.object({
  householdId: z.coerce.number({ error: "roster:match.householdRequired" }).int().positive(),
  role: z.enum(pairingRoles).default("primary"),
  startedAt: dayField,
  overrideReason: z.string().trim().max(300, { error: "roster:validation.tooLong" }).optional(),
});

const pairSchema = (today: string) =>
  PairSchema.extend({ startedAt: dayField.superRefine(dayWithin("pairingStart", today)) });

interface PairFormValue {
  householdId: string;
  role: string;
  startedAt: string;
  overrideReason?: string;
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data, t }) =>
  t("roster:match.pairTitle", { name: data?.volunteer.name ?? "" }),
);

/** The volunteer, only for someone who may pair them somewhere: on their roster, active, a compound in common. */
async function loadVolunteer(request: Request, params: { id?: string }) {
  const user = await requireUser(request);
  const id = Number(params.id);
  const volunteer = Number.isInteger(id) && id > 0 ? await pairableVolunteer(user, id) : null;
  if (!volunteer) throw new Response("Not found", { status: 404 });
  if (volunteer.compoundIds.length === 0) throw forbidden();
  return { user, volunteer };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, volunteer } = await loadVolunteer(request, params);
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 40);
  const [profile, settings, found] = await Promise.all([
    getVolunteer(volunteer.id),
    getSettings(),
    query.trim()
      ? searchHouseholdsToPair(user, volunteer.id, query, {
          via: "roster.pairFromVolunteer",
          ip: requestIp(request),
        })
      : Promise.resolve(null),
  ]);
  if (!profile) throw new Response("Not found", { status: 404 });
  const locale = getLocale(request);
  const t = sharedI18n(locale).getFixedT(locale, ["roster", "households"] as const);
  return {
    volunteer: {
      id: profile.id,
      name: profile.name,
      compoundName: profile.compoundName,
      extraCompounds: profile.extraCompounds,
      load: profile.load,
      capacity: profile.capacity,
    },
    search: { query, options: found?.map((h) => householdOption(t, h)) },
    today: formatDay(new Date(), settings.timeZone),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const { user, volunteer } = await loadVolunteer(request, params);
  const settings = await getSettings();
  const submission = parseWithZod(await request.formData(), {
    schema: pairSchema(todayIn(settings.timeZone)),
  });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const startedAt = parseDay(v.startedAt, settings.timeZone);
  if (!startedAt)
    return data(submission.reply({ fieldErrors: { startedAt: ["roster:validation.dateInvalid"] } }), {
      status: 400,
    });
  const result = await pairFromVolunteer(
    user,
    {
      householdId: v.householdId,
      volunteerId: volunteer.id,
      role: v.role,
      startedAt,
      overrideReason: v.overrideReason,
    },
    requestMeta(request),
  );
  if (result.ok) throw redirect(`/pairings/${result.pairingId}/agreement?notice=created`);
  if (result.error === "householdUnavailable" || result.error === "householdNotFound")
    return data(submission.reply({ fieldErrors: { householdId: ["roster:match.householdUnavailable"] } }), {
      status: 400,
    });
  if (result.error === "forbidden") throw forbidden();
  const field = pairingErrorField[result.error];
  // The volunteer is this page's own; a refusal about them is about the whole form.
  if (field === "volunteerId" || field === null)
    return data(submission.reply({ formErrors: [`roster:errors.${result.error}`] }), { status: 400 });
  return data(submission.reply({ fieldErrors: { [field]: [`roster:errors.${result.error}`] } }), {
    status: 400,
  });
}

export default function PairFromVolunteer() {
  const { volunteer, search, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("roster");
  const [form, fields] = useForm<PairFormValue, z.output<typeof PairSchema>>({
    id: "pair-household",
    lastResult,
    defaultValue: { role: "primary", startedAt: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: pairSchema(today) }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="stack">
      <p>
        <Link to={`/roster/volunteers/${volunteer.id}`}>← {t("match.back")}</Link>
      </p>
      <h1>{t("match.pairTitle", { name: volunteer.name })}</h1>
      <dl className="facts">
        <dt>{t("match.volunteerFacts")}</dt>
        <dd>
          {[volunteer.compoundName, volunteer.extraCompounds].filter(Boolean).join("、") ||
            t("volunteer.none")}
        </dd>
        <dt>{t("volunteer.load")}</dt>
        <dd className={volunteer.load >= volunteer.capacity ? "load-full" : undefined}>
          {volunteer.load}/{volunteer.capacity}
          {volunteer.load >= volunteer.capacity ? ` · ${t("match.full")}` : ""}
        </dd>
      </dl>
      {/* The search box and its button belong to this GET form: the page answers `?q=` without JavaScript. */}
      <form id="household-search" method="get" hidden />
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrors id={`${form.id}-error`} errors={form.errors} />
        <div className="pair-search">
          <Picker
            name={fields.householdId.name}
            queryName="q"
            label={t("match.householdLabel")}
            hint={t("match.householdSearchHint")}
            source={`/pick/pairable-households?volunteer=${volunteer.id}`}
            searchIntent="searchHousehold"
            searchForm="household-search"
            query={search.query}
            options={search.options}
            selected={search.options?.find((o) => String(o.id) === fields.householdId.initialValue) ?? null}
            errors={fields.householdId.errors}
          />
        </div>
        <PairingRoleField meta={fields.role} />
        <PairingStartFields
          startedAt={fields.startedAt}
          overrideReason={fields.overrideReason}
          today={today}
        />
        <button type="submit" className="primary">
          {t("pairing.submit")}
        </button>
      </Form>
    </div>
  );
}
