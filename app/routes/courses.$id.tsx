import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "#app/components/form-errors";
import { Picker } from "#app/components/picker";
import { requestIp } from "#app/modules/audit/audit.server";
import { assertPermission, getOptionalUser, requireUser } from "#app/modules/auth/guard.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { googleCalendarUrl } from "#app/modules/calendar/links";
import { getCourse } from "#app/modules/courses/courses.server";
import {
  cancelEnrollment,
  enroll,
  enrollmentFacts,
  memberIdForUser,
  placeOf,
} from "#app/modules/courses/enrollment.server";
import { membersToEnroll, pickedMember } from "#app/modules/courses/pickers.server";
import { courseClock } from "#app/modules/courses/present.server";
import { EnrollOtherSchema } from "#app/modules/courses/schema";
import { getT } from "#app/modules/i18n/i18n";
import { getLocale } from "#app/modules/i18n/locale.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";
import calendarStylesUrl from "#app/styles/calendar.css?url";
import { useListFormat } from "#app/modules/i18n/list";

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("enroll") }),
  z.object({ intent: z.literal("cancel"), enrollmentId: z.coerce.number().int().positive() }),
  EnrollOtherSchema.extend({ intent: z.literal("enrollOther") }),
]);

export const links: LinksFunction = () => [{ rel: "stylesheet", href: calendarStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data }) => data?.course.title);

function courseId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

function enrolmentState(
  course: { status: string; enrollOpensAt: Date; enrollClosesAt: Date; startsAt: Date | null },
  now: Date,
): "open" | "notYet" | "closed" | "started" | "unpublished" {
  if (course.status !== "published") return "unpublished";
  if (now < course.enrollOpensAt) return "notYet";
  if (now >= course.enrollClosesAt) return "closed";
  if (course.startsAt && now >= course.startsAt) return "started";
  return "open";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const page = await getCourse(courseId(params));
  // Drafts exist only for the organizers writing them.
  if (!page || (page.course.status === "draft" && !can(user, "course.write")))
    throw new Response("Not found", { status: 404 });
  const locale = getLocale(request);
  const clock = await courseClock(locale);
  const memberId = user?.role === "resident" ? await memberIdForUser(user.id) : null;
  const place = memberId === null ? null : await placeOf(page.course.id, memberId);
  const { course } = page;
  // A seat holder gets each session for their own calendar: Google's add link and an .ics file.
  const seated = place?.status === "enrolled";
  const summary = (n: number) =>
    getT(locale)("courses:calendar.summary", { title: course.title, n, total: page.sessions.length });
  return {
    course: {
      id: course.id,
      title: course.title,
      kind: course.kind,
      status: course.status,
      provider: course.provider,
      description: course.description,
      location: course.location,
      capacity: course.capacity,
      eligibility: course.eligibility,
      eligibleCategories: course.eligibleCategories,
      priorityGroups: course.priorityGroups,
      completionThreshold: course.completionThreshold,
      window: { from: clock.dateTime(course.enrollOpensAt), to: clock.dateTime(course.enrollClosesAt) },
    },
    // Offered only when an enrollment could succeed: the same order of refusals as `enroll`.
    enrolment: enrolmentState(course, new Date()),
    sessions: page.sessions.map((s, i) => ({
      id: s.id,
      label: clock.session(s),
      googleUrl: seated
        ? googleCalendarUrl({
            start: s.startsAt,
            end: s.endsAt,
            summary: summary(i + 1),
            location: course.location,
          })
        : null,
      icsUrl: seated ? `/courses/${course.id}/sessions/${s.id}/event.ics` : null,
    })),
    seatsLeft: page.seatsLeft,
    waitlist: page.waitlist,
    viewer: user
      ? {
          role: user.role,
          linked: memberId !== null,
          place,
          canEnrollOthers: can(user, "course.write") || user.role === "volunteer",
          canManage: can(user, "course.write"),
        }
      : null,
  };
}

/** The member picker's answer without JavaScript: the matches for the text posted with the search button. */
async function searchMembers(user: Actor, formData: FormData, request: Request) {
  if (!can(user, "course.write") && user.role !== "volunteer")
    throw new Response("Forbidden", { status: 403 });
  const query = String(formData.get("memberQuery") ?? "").slice(0, 40);
  return {
    query,
    options: await membersToEnroll(user, query, { via: "picker.members", ip: requestIp(request) }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const id = courseId(params);
  const formData = await request.formData();
  if (formData.get("intent") === "searchMember")
    return { memberSearch: await searchMembers(user, formData, request) };
  const submission = parseWithZod(formData, { schema: ActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  if (v.intent === "cancel") {
    const facts = await enrollmentFacts(v.enrollmentId);
    if (!facts || facts.courseId !== id) throw new Response("Not found", { status: 404 });
    assertPermission(user, "course.cancelPlace", facts);
    await cancelEnrollment({ enrollmentId: v.enrollmentId, actorId: user.id });
    throw redirect(`/courses/${id}?notice=cancelled`);
  }
  let memberId: number | null;
  if (v.intent === "enroll") {
    assertPermission(user, "course.enrollSelf");
    memberId = await memberIdForUser(user.id);
    if (memberId === null)
      return data(submission.reply({ formErrors: ["courses:refusal.no_member"] }), { status: 400 });
  } else {
    const facts = await pickedMember(user, v.memberId);
    if (!facts)
      return data(submission.reply({ fieldErrors: { memberId: ["courses:validation.member"] } }), {
        status: 400,
      });
    memberId = facts.memberId;
  }
  const outcome = await enroll({ courseId: id, memberId, actorId: user.id });
  if (!outcome.ok)
    return data(submission.reply({ formErrors: [`courses:refusal.${outcome.reason}`] }), { status: 400 });
  const position = outcome.position === null ? "" : `&position=${outcome.position}`;
  throw redirect(`/courses/${id}?notice=${outcome.status}${position}`);
}

export default function CoursePage() {
  const { course, sessions, seatsLeft, waitlist, viewer, enrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const memberSearch = actionData && "memberSearch" in actionData ? actionData.memberSearch : undefined;
  const lastResult = actionData && !("memberSearch" in actionData) ? actionData : undefined;
  const [params] = useSearchParams();
  const { t } = useTranslation("courses");
  const { t: th } = useTranslation("households");
  const { t: tc } = useTranslation("calendar");
  const list = useListFormat();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActionSchema }),
  });
  const notice = params.get("notice");
  const eligibility =
    course.eligibility === "categories"
      ? t("eligibility.categories", {
          categories: list(
            course.eligibleCategories.map((c) => th(`category.${c}`)),
            "or",
          ),
        })
      : t(`eligibility.${course.eligibility}`);
  const priority =
    course.priorityGroups.length === 0
      ? t("priority.none")
      : t("priority.groups", {
          groups: list(
            course.priorityGroups.map((g) => t(`priorityGroup.${g}`)),
            "and",
          ),
        });
  const place = viewer?.place;
  const open = enrolment === "open";
  return (
    <article aria-labelledby="course-title" className="stack course-page">
      <p className="badge">{t(`kind.${course.kind}`)}</p>
      <h1 id="course-title">{course.title}</h1>
      {notice === "enrolled" ? (
        <p className="notice" role="status">
          {t("course.enrolledToast")}
        </p>
      ) : notice === "waitlisted" ? (
        <p className="notice" role="status">
          {t("course.waitlistedToast", { position: params.get("position") ?? "" })}
        </p>
      ) : notice === "cancelled" ? (
        <p className="notice" role="status">
          {t("course.cancelledToast")}
        </p>
      ) : null}
      {course.status !== "published" ? <p className="badge">{t(`status.${course.status}`)}</p> : null}
      {course.description ? <p>{course.description}</p> : null}
      <dl className="facts">
        <dt>{t("course.provider")}</dt>
        <dd>{course.provider}</dd>
        <dt>{t("course.location")}</dt>
        <dd>{course.location}</dd>
        <dt>{t("course.window")}</dt>
        <dd>{t("course.windowValue", course.window)}</dd>
        <dt>{t("course.capacity")}</dt>
        <dd>{course.capacity}</dd>
        <dt>{t("course.seatsLeft")}</dt>
        <dd>{seatsLeft > 0 ? seatsLeft : t("catalog.full")}</dd>
        <dt>{t("course.waitlist")}</dt>
        <dd>{waitlist}</dd>
        <dt>{t("eligibility.label")}</dt>
        <dd>{eligibility}</dd>
        <dt>{t("priority.label")}</dt>
        <dd>{priority}</dd>
      </dl>
      <p className="hint">{t("course.completion", { threshold: course.completionThreshold })}</p>
      <h2>{t("course.sessions")}</h2>
      <ol className="session-list">
        {sessions.map((s) => (
          <li key={s.id}>
            {s.label}
            {s.googleUrl && s.icsUrl ? (
              <span className="session-links">
                <a href={s.googleUrl} target="_blank" rel="noopener noreferrer">
                  {tc("session.google")}
                </a>
                <a href={s.icsUrl} download>
                  {tc("session.ics")}
                </a>
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      <FormErrors id={form.errorId} errors={form.errors} />
      {place ? (
        <section aria-labelledby="place-title" className="card">
          <h2 id="place-title">{t("course.yourPlace")}</h2>
          <p>
            <strong>{t(`enrollmentStatus.${place.status}`)}</strong>
            {place.position !== null ? ` · ${t("course.yourPosition", { position: place.position })}` : null}
          </p>
          {place.status === "completed" ? (
            <Link to={`/certificates/${place.enrollmentId}`}>{t("course.certificate")}</Link>
          ) : null}
          {place.status === "enrolled" || place.status === "waitlisted" ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!window.confirm(t("course.cancelConfirm"))) e.preventDefault();
              }}
            >
              <input type="hidden" name="enrollmentId" value={place.enrollmentId} />
              <button type="submit" name="intent" value="cancel" className="danger">
                {t("course.cancel")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : viewer?.role === "resident" && open && !viewer.linked ? (
        <p className="notice" data-testid="claim-first">
          {t("course.claimFirst")} <Link to="/me/household">{t("course.claimLink")}</Link>
        </p>
      ) : viewer?.role === "resident" && open ? (
        <Form method="post" {...getFormProps(form)}>
          <button type="submit" name="intent" value="enroll" className="primary big">
            {seatsLeft > 0 ? t("course.enroll") : t("course.joinWaitlist")}
          </button>
        </Form>
      ) : !viewer && open ? (
        <p>
          <Link to={`/login?redirectTo=/courses/${course.id}`} className="button primary">
            {t("course.signInToEnroll")}
          </Link>
        </p>
      ) : enrolment === "notYet" ? (
        <p className="notice">{t("course.enrollNotYet", { from: course.window.from })}</p>
      ) : enrolment === "closed" ? (
        <p className="notice">{t("course.enrollClosed")}</p>
      ) : enrolment === "started" ? (
        <p className="notice">{t("course.enrollStarted")}</p>
      ) : null}
      {viewer?.canEnrollOthers && open ? (
        <Form method="post" className="inline-form" {...getFormProps(form)}>
          <Picker
            name={fields.memberId.name}
            queryName="memberQuery"
            label={t("course.memberId")}
            hint={t("course.memberHint")}
            source="/pick/members"
            searchIntent="searchMember"
            query={memberSearch?.query}
            options={memberSearch?.options}
            errors={fields.memberId.errors}
          />
          <button type="submit" name="intent" value="enrollOther" className="secondary">
            {t("course.enrollOther")}
          </button>
        </Form>
      ) : null}
      {viewer?.canManage ? (
        <p>
          <Link to={`/admin/courses/${course.id}`}>{t("admin.enrollments")}</Link>
        </p>
      ) : null}
    </article>
  );
}
