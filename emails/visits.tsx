// The visit emails: the invitation with the event attached (and its update and withdrawal), the reminder before
// it, the notices that a visit is still unrecorded (to the volunteer at 48 h, their supervisor at 96 h), and the
// weekly digest of households past their visiting cadence.
import { z } from "zod";
import { ButtonLink, Paragraph } from "./layout";
import { defineTemplate, type EmailT } from "./template";

const visitData = z.object({
  name: z.string(),
  time: z.string().min(1),
  address: z.string(),
  place: z.string(),
  purpose: z.string(),
  leadName: z.string(),
  reason: z.string(),
  url: z.url(),
});

const sample = {
  name: "陈伟",
  time: "2026-12-01 周二 09:00–10:00",
  address: "石油新村 3-2-501",
  place: "户主家中",
  purpose: "了解冬季取暖情况",
  leadName: "陈伟",
  reason: "",
  url: "https://lianxin.example/visits/1",
};

function Facts({
  t,
  d,
}: {
  t: EmailT;
  d: { time: string; address: string; place: string; purpose: string };
}) {
  return (
    <ul style={{ margin: "0 0 16px", paddingLeft: 20 }}>
      <li>{t("visits:email.time", { time: d.time })}</li>
      <li>{t("visits:email.household", { address: d.address })}</li>
      <li>{t("visits:email.place", { place: d.place })}</li>
      <li>{t("visits:email.purpose", { purpose: d.purpose })}</li>
    </ul>
  );
}

export const visitsInvitation = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: visitData,
  sample,
  title: (t) => t("visits:email.invitation.title"),
  subject: (t, d) => t("visits:email.invitation.subject", { address: d.address, time: d.time }),
  body: (t, d) => (
    <>
      <Paragraph>{t("visits:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("visits:email.invitation.intro", { lead: d.leadName })}</Paragraph>
      <Facts t={t} d={d} />
      <Paragraph>{t("visits:email.calendar")}</Paragraph>
      <ButtonLink href={d.url} label={t("visits:email.open")} />
    </>
  ),
});

export const visitsUpdated = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: visitData,
  sample,
  title: (t) => t("visits:email.updated.title"),
  subject: (t, d) => t("visits:email.updated.subject", { address: d.address, time: d.time }),
  body: (t, d) => (
    <>
      <Paragraph>{t("visits:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("visits:email.updated.intro")}</Paragraph>
      <Facts t={t} d={d} />
      <Paragraph>{t("visits:email.calendar")}</Paragraph>
      <ButtonLink href={d.url} label={t("visits:email.open")} />
    </>
  ),
});

export const visitsCancelled = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: visitData,
  sample: { ...sample, reason: "户主住院，改期再约" },
  title: (t) => t("visits:email.cancelled.title"),
  subject: (t, d) => t("visits:email.cancelled.subject", { address: d.address, time: d.time }),
  body: (t, d) => (
    <>
      <Paragraph>{t("visits:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("visits:email.cancelled.intro")}</Paragraph>
      <Facts t={t} d={d} />
      {d.reason ? <Paragraph>{t("visits:email.cancelled.reason", { reason: d.reason })}</Paragraph> : null}
      <Paragraph>{t("visits:email.cancelled.calendar")}</Paragraph>
    </>
  ),
});

export const visitsReminder = defineTemplate({
  kind: "reminders",
  secrets: [],
  schema: visitData.omit({ leadName: true, reason: true }),
  sample,
  title: (t) => t("visits:email.reminder.title"),
  subject: (t, d) => t("visits:email.reminder.subject", { address: d.address, time: d.time }),
  body: (t, d) => (
    <>
      <Paragraph>{t("visits:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("visits:email.reminder.intro")}</Paragraph>
      <Facts t={t} d={d} />
      <ButtonLink href={d.url} label={t("visits:email.open")} />
    </>
  ),
});

const unrecordedData = z.object({
  name: z.string(),
  volunteerName: z.string(),
  time: z.string().min(1),
  address: z.string(),
  url: z.url(),
});

const unrecordedSample = {
  name: "陈伟",
  volunteerName: "赵磊",
  time: "2026-12-01 周二 09:00–10:00",
  address: "石油新村 3-2-501",
  url: "https://lianxin.example/visits/1",
};

export const visitsUnrecorded = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: unrecordedData,
  sample: unrecordedSample,
  title: (t) => t("visits:email.unrecorded.title"),
  subject: (t, d) => t("visits:email.unrecorded.subject", { address: d.address }),
  body: (t, d) => (
    <>
      <Paragraph>{t("visits:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>{t("visits:email.unrecorded.intro", { address: d.address, time: d.time })}</Paragraph>
      <ButtonLink href={d.url} label={t("visits:email.record")} />
    </>
  ),
});

export const visitsUnrecordedSupervisor = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: unrecordedData,
  sample: unrecordedSample,
  title: (t) => t("visits:email.unrecordedSupervisor.title"),
  subject: (t, d) =>
    t("visits:email.unrecordedSupervisor.subject", { volunteer: d.volunteerName, address: d.address }),
  body: (t, d) => (
    <>
      <Paragraph>{t("visits:email.greeting", { name: d.name })}</Paragraph>
      <Paragraph>
        {t("visits:email.unrecordedSupervisor.intro", {
          volunteer: d.volunteerName,
          address: d.address,
          time: d.time,
        })}
      </Paragraph>
      <ButtonLink href={d.url} label={t("visits:email.open")} />
    </>
  ),
});

export const visitsDigest = defineTemplate({
  kind: "transactional",
  secrets: [],
  schema: z.object({
    name: z.string(),
    ownCount: z.number().int().min(0),
    subtreeCount: z.number().int().min(0),
    /** An organizer's: overdue households of their compounds that nobody is paired with. */
    unpairedCount: z.number().int().min(0).default(0),
    households: z.array(z.object({ address: z.string(), lastVisit: z.string() })),
    url: z.url(),
  }),
  sample: {
    name: "刘芳",
    ownCount: 2,
    subtreeCount: 7,
    unpairedCount: 1,
    households: [
      { address: "石油新村 3-2-501", lastVisit: "2026-08-20" },
      { address: "油田花园 1-1-101", lastVisit: "" },
    ],
    url: "https://lianxin.example/visits?tab=due",
  },
  title: (t) => t("visits:email.digest.title"),
  subject: (t, d) =>
    t("visits:email.digest.subject", { count: d.ownCount + d.subtreeCount + d.unpairedCount }),
  body: (t, d) => (
    <>
      <Paragraph>{t("visits:email.greeting", { name: d.name })}</Paragraph>
      {d.ownCount > 0 ? <Paragraph>{t("visits:email.digest.own", { count: d.ownCount })}</Paragraph> : null}
      {d.households.length > 0 ? (
        <ul style={{ margin: "0 0 16px", paddingLeft: 20 }}>
          {d.households.map((h) => (
            <li key={h.address}>
              {h.lastVisit
                ? t("visits:email.digest.lastVisit", { address: h.address, date: h.lastVisit })
                : t("visits:email.digest.neverVisited", { address: h.address })}
            </li>
          ))}
        </ul>
      ) : null}
      {d.subtreeCount > 0 ? (
        <Paragraph>{t("visits:email.digest.subtree", { count: d.subtreeCount })}</Paragraph>
      ) : null}
      {d.unpairedCount > 0 ? (
        <Paragraph>{t("visits:email.digest.unpaired", { count: d.unpairedCount })}</Paragraph>
      ) : null}
      <ButtonLink href={d.url} label={t("visits:email.digest.button")} />
    </>
  ),
});
