import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnnouncementEditor } from "#app/components/announcement-editor";
import { everyResident } from "#app/modules/announcements/audience";
import { createAnnouncement } from "#app/modules/announcements/announcements.server";
import { AnnouncementFormSchema } from "#app/modules/announcements/form";
import { countReach } from "#app/modules/announcements/targeting.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { linkableCourse, searchCoursesFromForm } from "#app/modules/courses/pickers.server";
import { listCompounds } from "#app/modules/community/community.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("announcements:form.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "announcement.write");
  const [compounds, reach] = await Promise.all([listCompounds(), countReach(everyResident)]);
  return { compounds, reach };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "announcement.write");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: AnnouncementFormSchema });
  // The course picker's search without JavaScript: the form comes back as typed, with the matches.
  if (formData.get("intent") === "searchCourse")
    return {
      ...submission.reply(),
      status: undefined,
      error: {},
      courseSearch: await searchCoursesFromForm(formData),
    };
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (submission.value.kind === "training" && submission.value.courseId !== undefined) {
    if (!(await linkableCourse(submission.value.courseId)))
      return data(submission.reply({ fieldErrors: { courseId: ["announcements:validation.course"] } }), {
        status: 400,
      });
  }
  const id = await createAnnouncement(user.id, submission.value, (await getSettings()).timeZone);
  throw redirect(`/admin/announcements/${id}?notice=created`);
}

const blank = {
  kind: "job",
  title: "",
  body: "",
  employer: "",
  positions: "",
  payMin: "",
  payMax: "",
  requirements: "",
  contact: "",
  deadline: "",
  courseId: "",
  expiresOn: "",
  audience: everyResident,
};

export default function NewAnnouncement() {
  const { compounds, reach } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const courseSearch = actionData && "courseSearch" in actionData ? actionData.courseSearch : undefined;
  const lastResult =
    actionData && "courseSearch" in actionData ? { ...actionData, courseSearch: undefined } : actionData;
  const { t } = useTranslation("announcements");
  return (
    <section aria-labelledby="editor-title" className="narrow">
      <h1 id="editor-title">{t("form.newTitle")}</h1>
      <AnnouncementEditor
        defaults={blank}
        compounds={compounds}
        lastResult={lastResult}
        courseSearch={courseSearch}
        initialReach={reach}
      />
    </section>
  );
}
