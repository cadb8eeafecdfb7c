import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnnouncementEditor } from "#app/components/announcement-editor";
import {
  editorValues,
  getAnnouncement,
  updateAnnouncement,
} from "#app/modules/announcements/announcements.server";
import { AnnouncementFormSchema } from "#app/modules/announcements/form";
import { countReach } from "#app/modules/announcements/targeting.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { courseOption, linkableCourse, searchCoursesFromForm } from "#app/modules/courses/pickers.server";
import { listCompounds } from "#app/modules/community/community.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("announcements:form.editTitle");

function announcementId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "announcement.write");
  const announcement = await getAnnouncement(announcementId(params.id));
  if (!announcement) throw new Response("Not found", { status: 404 });
  if (announcement.status === "published")
    throw redirect(`/admin/announcements/${announcement.id}?notice=notEditable`);
  const [compounds, reach, settings] = await Promise.all([
    listCompounds(),
    countReach(announcement.audience),
    getSettings(),
  ]);
  return {
    compounds,
    reach,
    defaults: editorValues(announcement, settings.timeZone),
    course: announcement.courseId ? await courseOption(announcement.courseId) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "announcement.write");
  const id = announcementId(params.id);
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
  const updated = await updateAnnouncement(id, user.id, submission.value, (await getSettings()).timeZone);
  throw redirect(`/admin/announcements/${id}?notice=${updated ? "updated" : "notEditable"}`);
}

export default function EditAnnouncement() {
  const { compounds, reach, defaults, course } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const courseSearch = actionData && "courseSearch" in actionData ? actionData.courseSearch : undefined;
  const lastResult =
    actionData && "courseSearch" in actionData ? { ...actionData, courseSearch: undefined } : actionData;
  const { t } = useTranslation("announcements");
  return (
    <section aria-labelledby="editor-title" className="narrow">
      <h1 id="editor-title">{t("form.editTitle")}</h1>
      <AnnouncementEditor
        defaults={defaults}
        compounds={compounds}
        lastResult={lastResult}
        courseSearch={courseSearch}
        course={course}
        initialReach={reach}
      />
    </section>
  );
}
