// The course emails: confirmed (with the sessions as an .ics invitation), waitlisted with the position,
// promoted from the waitlist, a reminder before a session, and the course changed or cancelled.
import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate, type EmailT } from "./template";

const courseData = z.object({
  courseTitle: z.string().min(1),
  location: z.string(),
  sessions: z.array(z.string()),
  url: z.url(),
});

const sample = {
  courseTitle: "家政服务员（育婴方向）培训班",
  location: "石油新村社区服务中心 2 楼",
  sessions: ["12月1日 周二 09:00–11:30", "12月3日 周四 09:00–11:30"],
  url: "https://lianxin.example/courses/1",
};

function Sessions({ t, sessions, location }: { t: EmailT; sessions: string[]; location: string }) {
  return (
    <>
      <p style={{ fontWeight: 700, margin: "0 0 4px" }}>{t("courses:email.sessions")}</p>
      <ul style={{ margin: "0 0 16px", paddingLeft: 20 }}>
        {sessions.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      {location ? <Paragraph>{t("courses:email.location", { location })}</Paragraph> : null}
    </>
  );
}

export const coursesEnrolled = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: courseData,
  sample,
  title: (t) => t("courses:email.enrolled.title"),
  subject: (t, d) => t("courses:email.enrolled.subject", { title: d.courseTitle }),
  body: (t, d) => (
    <>
      <Paragraph>{t("courses:email.enrolled.intro", { title: d.courseTitle })}</Paragraph>
      <Sessions t={t} sessions={d.sessions} location={d.location} />
      <Paragraph>{t("courses:email.enrolled.calendar")}</Paragraph>
      <ButtonLink href={d.url} label={t("courses:email.open")} />
    </>
  ),
});

export const coursesWaitlisted = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: courseData.extend({ position: z.number().int().positive() }),
  sample: { ...sample, position: 3 },
  title: (t) => t("courses:email.waitlisted.title"),
  subject: (t, d) => t("courses:email.waitlisted.subject", { title: d.courseTitle }),
  body: (t, d) => (
    <>
      <Paragraph>
        {t("courses:email.waitlisted.intro", { title: d.courseTitle, position: d.position })}
      </Paragraph>
      <Paragraph>{t("courses:email.waitlisted.rule")}</Paragraph>
      <ButtonLink href={d.url} label={t("courses:email.open")} />
    </>
  ),
});

export const coursesPromoted = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: courseData,
  sample,
  title: (t) => t("courses:email.promoted.title"),
  subject: (t, d) => t("courses:email.promoted.subject", { title: d.courseTitle }),
  body: (t, d) => (
    <>
      <Paragraph>{t("courses:email.promoted.intro", { title: d.courseTitle })}</Paragraph>
      <Sessions t={t} sessions={d.sessions} location={d.location} />
      <Paragraph>{t("courses:email.enrolled.calendar")}</Paragraph>
      <ButtonLink href={d.url} label={t("courses:email.open")} />
    </>
  ),
});

export const coursesReminder = defineTemplate({
  kind: "reminders",
  secrets: [],
  schema: courseData.extend({ sessionTime: z.string() }),
  sample: { ...sample, sessionTime: sample.sessions[0] ?? "" },
  title: (t) => t("courses:email.reminder.title"),
  subject: (t, d) => t("courses:email.reminder.subject", { title: d.courseTitle }),
  body: (t, d) => (
    <>
      <Paragraph>
        {t("courses:email.reminder.intro", { title: d.courseTitle, time: d.sessionTime })}
      </Paragraph>
      {d.location ? <Paragraph>{t("courses:email.location", { location: d.location })}</Paragraph> : null}
      <ButtonLink href={d.url} label={t("courses:email.open")} />
    </>
  ),
});

export const coursesChanged = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: courseData,
  sample,
  title: (t) => t("courses:email.changed.title"),
  subject: (t, d) => t("courses:email.changed.subject", { title: d.courseTitle }),
  body: (t, d) => (
    <>
      <Paragraph>{t("courses:email.changed.intro", { title: d.courseTitle })}</Paragraph>
      <Sessions t={t} sessions={d.sessions} location={d.location} />
      <ButtonLink href={d.url} label={t("courses:email.open")} />
    </>
  ),
});

export const coursesCancelled = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: courseData,
  sample,
  title: (t) => t("courses:email.cancelled.title"),
  subject: (t, d) => t("courses:email.cancelled.subject", { title: d.courseTitle }),
  body: (t, d) => (
    <>
      <Paragraph>{t("courses:email.cancelled.intro", { title: d.courseTitle })}</Paragraph>
      <ButtonLink href={d.url} label={t("courses:email.open")} />
    </>
  ),
});
