import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { loadPairing } from "#app/modules/roster/agreements.server";
import { pairingRoles } from "#app/modules/roster/codes";
import { PairingRoleField, PairingStartFields } from "#app/components/roster/pairing-fields";
import { dayField, formatDay, parseDay } from "#app/modules/roster/dates";
import { dayWithin, todayIn } from "#app/modules/dates/range";
import { addressLine } from "#app/modules/households/brief";
import { openHouseholdBrief } from "#app/modules/households/reader.server";
import { createPairing, pairingErrorField, reassignPairing } from "#app/modules/roster/pairings.server";
import { pairingsOfHousehold } from "#app/modules/roster/roster.server";
import { searchVolunteersToPair, suggestHelpers } from "#app/modules/roster/suggestions.server";
import { candidateLoad, candidateOption, candidateReasons } from "#app/modules/roster/candidate-reasons";
import { Picker } from "#app/components/picker";
import { sharedI18n } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";
import { useListFormat } from "#app/modules/i18n/list";

const PairingSchema = z.object({
  volunteerId: z.coerce.number({ error: "roster:validation.volunteerRequired" }).int().positive(),
  role: z.enum(pairingRoles).default("primary"),
  startedAt: dayField,
  overrideReason: z.string().trim().max(300, { error: "roster:validation.tooLong" }).optional(),
});

/** With the start's range from the community's `today`: not in the future, at most five years back. */
const pairingSchema = (today: string) =>
  PairingSchema.extend({ startedAt: dayField.superRefine(dayWithin("pairingStart", today)) });

interface PairingFormValue {
  volunteerId: string;
  role: string;
  startedAt: string;
  overrideReason?: string;
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data, t }) =>
  t(data?.reassign ? "roster:pairing.reassignTitle" : "roster:pairing.newTitle"),
);

/** The household to pair, from `?household=` or, when reassigning, from the waiting pairing. */
async function loadTarget(request: Request) {
  const url = new URL(request.url);
  const reassignId = Number(url.searchParams.get("reassign"));
  if (Number.isInteger(reassignId) && reassignId > 0) {
    const waiting = await loadPairing(reassignId);
    if (!waiting) throw new Response("Not found", { status: 404 });
    return { householdId: waiting.pairing.householdId, reassign: waiting.pairing };
  }
  const householdId = Number(url.searchParams.get("household"));
  if (!Number.isInteger(householdId) || householdId <= 0) throw new Response("Not found", { status: 404 });
  return { householdId, reassign: null };
}

/** The household to pair, opened (and logged) only for someone who may pair it. */
async function loadHousehold(request: Request) {
  const user = await requireUser(request);
  const target = await loadTarget(request);
  const opened = await openHouseholdBrief(
    user,
    target.householdId,
    { via: "pairing.new", ip: requestIp(request) },
    (facts) => can(user, "pairing.write", { compoundId: facts.compoundId }),
  );
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  return { user, household: opened.value.brief, needs: opened.value.needs, reassign: target.reassign };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, household, needs, reassign } = await loadHousehold(request);
  // The volunteer search without JavaScript: the GET form's `q`, answered here as the picker's matches.
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 40);
  const [history, suggestions, settings, found] = await Promise.all([
    pairingsOfHousehold(user, household.id, { via: "pairing.new", ip: requestIp(request) }),
    suggestHelpers(user, household.id),
    getSettings(),
    query.trim() ? searchVolunteersToPair(user, household.id, query) : Promise.resolve(null),
  ]);
  const locale = getLocale(request);
  const t = sharedI18n(locale).getFixedT(locale, ["roster", "service"] as const);
  return {
    search: { query, options: found?.map((c) => candidateOption(t, locale, c)) },
    household: { ...household, address: addressLine(household) },
    needs,
    helpers: history.filter((p) => p.status === "active"),
    previous: reassign ? history.find((p) => p.id === reassign.id) : undefined,
    reassign: reassign ? { id: reassign.id, role: reassign.role, status: reassign.status } : null,
    suggestions,
    today: formatDay(new Date(), settings.timeZone),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const { user, household, reassign } = await loadHousehold(request);
  const settings = await getSettings();
  const submission = parseWithZod(await request.formData(), {
    schema: pairingSchema(todayIn(settings.timeZone)),
  });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const startedAt = parseDay(v.startedAt, settings.timeZone);
  if (!startedAt)
    return data(submission.reply({ fieldErrors: { startedAt: ["roster:validation.dateInvalid"] } }), {
      status: 400,
    });
  const meta = requestMeta(request);
  const result = reassign
    ? await reassignPairing(
        user,
        { pairingId: reassign.id, volunteerId: v.volunteerId, overrideReason: v.overrideReason },
        meta,
      )
    : await createPairing(
        user,
        {
          householdId: household.id,
          volunteerId: v.volunteerId,
          role: v.role,
          startedAt,
          overrideReason: v.overrideReason,
        },
        meta,
      );
  if (result.ok) throw redirect(`/pairings/${result.pairingId}/agreement?notice=created`);
  if (result.error === "pairingNotWaiting")
    return data(submission.reply({ formErrors: ["roster:errors.pairingNotWaiting"] }), { status: 400 });
  const field = pairingErrorField[result.error];
  if (field === null)
    throw new Response(result.error, { status: result.error === "householdNotFound" ? 404 : 403 });
  return data(submission.reply({ fieldErrors: { [field]: [`roster:errors.${result.error}`] } }), {
    status: 400,
  });
}

export default function NewPairing() {
  const { household, needs, helpers, previous, reassign, suggestions, today, search } =
    useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("roster");
  const { t: th } = useTranslation("households");
  const { t: tr, i18n } = useTranslation(["roster", "service"]);
  const list = useListFormat();
  const [form, fields] = useForm<PairingFormValue, z.output<typeof PairingSchema>>({
    id: "pairing",
    lastResult,
    defaultValue: {
      role: reassign?.role ?? (helpers.some((h) => h.role === "primary") ? "secondary" : "primary"),
      startedAt: today,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: pairingSchema(today) }),
    shouldRevalidate: "onBlur",
  });
  const volunteerError = fields.volunteerId.errors?.map((e) => t(e as never)).join(" ");
  return (
    <div className="stack">
      <p>
        <Link to={reassign ? "/roster/reassign" : "/roster/coverage"}>
          ← {t(reassign ? "reassign.title" : "coverage.title")}
        </Link>
      </p>
      <h1>{t(reassign ? "pairing.reassignTitle" : "pairing.newTitle")}</h1>
      <dl className="facts">
        <dt>{t("pairing.household")}</dt>
        <dd>
          {household.compoundName} {household.address}
        </dd>
        <dt>{t("pairing.head")}</dt>
        <dd>{household.headName ?? "—"}</dd>
        <dt>{t("pairing.level")}</dt>
        <dd>
          <span className={`badge level-${household.hardshipLevel}`}>
            {th(`hardshipLevel.${household.hardshipLevel}`)}
          </span>
        </dd>
        <dt>{t("pairing.needs")}</dt>
        <dd>{list(needs.map((n) => th(`need.${n}`))) || "—"}</dd>
        <dt>{t("pairing.currentHelpers")}</dt>
        <dd>
          {helpers.length
            ? list(helpers.map((h) => `${h.volunteerName}（${t(`role.${h.role}`)}）`))
            : t("pairing.noHelpers")}
        </dd>
        {previous ? (
          <>
            <dt>{t("pairing.previousHelper")}</dt>
            <dd>{previous.volunteerName}</dd>
          </>
        ) : null}
      </dl>

      {/* The search box and its button belong to this GET form (see the picker below); it keeps the household. */}
      <form id="volunteer-search" method="get" hidden>
        {reassign ? (
          <input type="hidden" name="reassign" value={reassign.id} />
        ) : (
          <input type="hidden" name="household" value={household.id} />
        )}
      </form>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormErrors id={`${form.id}-error`} errors={form.errors} />
        <fieldset
          className="suggestions"
          aria-describedby={volunteerError ? "volunteer-error" : "suggestions-hint"}
        >
          <legend>{t("pairing.suggestions")}</legend>
          <p className="hint" id="suggestions-hint">
            {t("pairing.suggestionsHint")}
          </p>
          {suggestions.length === 0 ? <p>{t("pairing.noSuggestions")}</p> : null}
          <ul className="suggestion-list">
            {suggestions.map((s, i) => (
              <li key={s.id}>
                <label className="suggestion">
                  <input
                    type="radio"
                    name={fields.volunteerId.name}
                    value={s.id}
                    defaultChecked={fields.volunteerId.initialValue === String(s.id)}
                    aria-invalid={volunteerError ? true : undefined}
                    required={i === 0}
                  />
                  <span className="suggestion-body">
                    <strong>{s.name}</strong>
                    <span>
                      {s.tier ? t(`tier.${s.tier as 1 | 2 | 3 | 4}`) : ""} · {s.compoundName ?? ""}
                    </span>
                    <span className={s.load >= s.capacity ? "muted load-full" : "muted"}>
                      {candidateLoad(tr, s)}
                    </span>
                    <span className="suggestion-reasons">
                      {candidateReasons(tr, i18n.language, s).join(" · ")}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {volunteerError ? (
            <p id="volunteer-error" className="field-error">
              {volunteerError}
            </p>
          ) : null}
        </fieldset>
        <div className="pair-search">
          <Picker
            name={fields.volunteerId.name}
            queryName="q"
            label={t("match.searchLabel")}
            hint={t("match.searchHint")}
            source={`/pick/volunteers?household=${household.id}`}
            searchIntent="searchVolunteer"
            searchForm="volunteer-search"
            query={search.query}
            options={search.options}
            selected={search.options?.find((o) => String(o.id) === fields.volunteerId.initialValue) ?? null}
          />
        </div>
        {reassign ? (
          <input type="hidden" name={fields.role.name} value={reassign.role} />
        ) : (
          <PairingRoleField meta={fields.role} />
        )}
        <PairingStartFields
          startedAt={fields.startedAt}
          overrideReason={fields.overrideReason}
          today={today}
        />
        <button type="submit" className="primary">
          {t(reassign ? "pairing.reassignSubmit" : "pairing.submit")}
        </button>
      </Form>
    </div>
  );
}
