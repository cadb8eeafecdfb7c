// A volunteer's own profile: skills, when they can serve (a time on each weekday), languages or dialects and
// the compounds they can cover besides their own. Pairing suggestions read it.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { skills } from "#app/modules/roster/codes";
import { listCompoundOptions } from "#app/modules/roster/roster.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { weekdays } from "#app/modules/service/codes";
import { parseLanguages, ProfileSchema, slotsOf } from "#app/modules/service/forms";
import { ownProfile, updateOwnProfile } from "#app/modules/service/profile.server";
import serviceStylesUrl from "#app/styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: serviceStylesUrl }];

export const meta = pageMeta("service:profile.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "volunteer.profileOwn");
  const [profile, compounds] = await Promise.all([ownProfile(user.id), listCompoundOptions()]);
  return {
    profile,
    compounds: compounds
      .filter((c) => c.id !== profile.homeCompoundId)
      .map((c) => ({ id: c.id, name: c.name })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "volunteer.profileOwn");
  const submission = parseWithZod(await request.formData(), { schema: ProfileSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  await updateOwnProfile(
    user,
    {
      skills: v.skills,
      availability: v.availability || null,
      availabilitySlots: slotsOf(v),
      languages: parseLanguages(v.languages),
      extraCompoundIds: v.extraCompoundIds,
    },
    { ip: requestIp(request), userAgent: request.headers.get("user-agent") },
  );
  throw redirect("/volunteer/profile?saved=1");
}

export default function VolunteerProfile() {
  const { profile, compounds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("service");
  const { t: tr } = useTranslation("roster");
  const slotByDay = new Map(profile.availabilitySlots.map((s) => [s.day, s]));
  const [form, fields] = useForm({
    id: "profile",
    lastResult: actionData?.result,
    defaultValue: {
      availability: profile.availability ?? "",
      languages: profile.languages.join(", "),
      ...Object.fromEntries(
        weekdays.flatMap((d) => [
          [`from${d}`, slotByDay.get(d)?.from ?? ""],
          [`to${d}`, slotByDay.get(d)?.to ?? ""],
        ]),
      ),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="stack narrow service-page" aria-labelledby="profile-title">
      <h1 id="profile-title">{t("profile.title")}</h1>
      <p>{t("profile.lead")}</p>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("profile.saved")}
        </p>
      ) : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="field choice-group">
          <legend>{t("profile.skills")}</legend>
          {skills.map((s) => (
            <label key={s} className="checkbox">
              <input type="checkbox" name="skills" value={s} defaultChecked={profile.skills.includes(s)} />
              {tr(`skill.${s}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>{t("profile.availability")}</legend>
          <p className="hint">{t("profile.slotHint")}</p>
          {weekdays.map((d) => (
            <div key={d} className="service-slot" role="group" aria-label={t(`weekdays.${d}`)}>
              <span className="service-slot-day">{t(`weekdays.${d}`)}</span>
              <Field
                meta={fields[`from${d}`]}
                label={`${t(`weekdays.${d}`)} ${t("profile.from")}`}
                type="time"
              />
              <Field meta={fields[`to${d}`]} label={`${t(`weekdays.${d}`)} ${t("profile.to")}`} type="time" />
            </div>
          ))}
          <Field meta={fields.availability} label={t("profile.availabilityNote")} maxLength={200} />
        </fieldset>
        <Field meta={fields.languages} label={t("profile.languages")} maxLength={200} />
        <p className="hint">{t("profile.languagesHint")}</p>
        {compounds.length > 0 ? (
          <fieldset className="field service-choices">
            <legend>{t("profile.compounds")}</legend>
            {compounds.map((c) => (
              <label key={c.id} className="checkbox">
                <input
                  type="checkbox"
                  name="extraCompoundIds"
                  value={c.id}
                  defaultChecked={profile.extraCompoundIds.includes(c.id)}
                />
                {c.name}
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary">
            {t("profile.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}
