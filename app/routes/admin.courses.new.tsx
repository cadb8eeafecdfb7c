import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { CourseForm } from "#app/components/course-form";
import { assertPermission, requirePermission } from "#app/modules/auth/guard.server";
import { defaultCompletionThreshold, defaultPriorityGroups } from "#app/modules/courses/codes";
import { createCourse } from "#app/modules/courses/courses.server";
import { CourseFormSchema, toCourseInput } from "#app/modules/courses/schema";
import { compoundOptionsFor } from "#app/modules/roster/roster.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("courses:form.createTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "course.write");
  const { timeZone } = await getSettings();
  const today = DateTime.now().setZone(timeZone).startOf("day");
  return {
    compounds: await compoundOptionsFor(user),
    defaults: {
      kind: "reemployment",
      eligibility: "everyone",
      capacity: 30,
      completionThreshold: defaultCompletionThreshold,
      priorityGroups: [...defaultPriorityGroups],
      enrollOpensAt: today.plus({ hours: 9 }).toFormat("yyyy-MM-dd'T'HH:mm"),
      enrollClosesAt: today.plus({ days: 14, hours: 17 }).toFormat("yyyy-MM-dd'T'HH:mm"),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "course.write");
  const submission = parseWithZod(await request.formData(), { schema: CourseFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { timeZone } = await getSettings();
  const input = toCourseInput(submission.value, timeZone);
  // An organizer of one compound holds courses there or elsewhere in town, not in another's compound.
  assertPermission(user, "course.manage", { compoundId: input.compoundId ?? null });
  const id = await createCourse(input, user.id);
  throw redirect(`/admin/courses/${id}?notice=saved`);
}

export default function NewCourse() {
  const { compounds, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("courses");
  return (
    <section aria-labelledby="new-course-title" className="narrow">
      <h1 id="new-course-title">{t("form.createTitle")}</h1>
      <CourseForm
        lastResult={lastResult}
        defaultValue={defaults}
        compounds={compounds}
        submitLabel={t("form.save")}
      />
    </section>
  );
}
