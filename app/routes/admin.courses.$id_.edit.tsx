import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CourseForm } from "#app/components/course-form";
import { assertPermission, requirePermission } from "#app/modules/auth/guard.server";
import { getCourse, updateCourse } from "#app/modules/courses/courses.server";
import { CourseFormSchema, toCourseInput, toFormDefaults } from "#app/modules/courses/schema";
import { compoundOptionsFor } from "#app/modules/roster/roster.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("courses:form.editTitle");

async function load(params: { id?: string }) {
  const page = await getCourse(Number(params.id) || 0);
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "course.write");
  const { course, sessions } = await load(params);
  assertPermission(user, "course.manage", { compoundId: course.compoundId });
  const { timeZone } = await getSettings();
  return { compounds: await compoundOptionsFor(user), defaults: toFormDefaults(course, sessions, timeZone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "course.write");
  const { course } = await load(params);
  assertPermission(user, "course.manage", { compoundId: course.compoundId });
  const submission = parseWithZod(await request.formData(), { schema: CourseFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { timeZone } = await getSettings();
  const input = toCourseInput(submission.value, timeZone);
  // Nor may it move to a compound that is not theirs.
  assertPermission(user, "course.manage", { compoundId: input.compoundId ?? null });
  const outcome = await updateCourse(course.id, input, user.id);
  if (!outcome.ok)
    return data(
      submission.reply({ fieldErrors: { [outcome.field]: [`courses:validation.${outcome.error}`] } }),
      {
        status: 400,
      },
    );
  throw redirect(`/admin/courses/${course.id}?notice=saved`);
}

export default function EditCourse() {
  const { compounds, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("courses");
  return (
    <section aria-labelledby="edit-course-title" className="narrow">
      <h1 id="edit-course-title">{t("form.editTitle")}</h1>
      <CourseForm
        lastResult={lastResult}
        defaultValue={defaults}
        compounds={compounds}
        submitLabel={t("form.save")}
      />
    </section>
  );
}
