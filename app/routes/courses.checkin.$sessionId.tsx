import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "#app/modules/auth/guard.server";
import { checkIn, sessionWithCourse } from "#app/modules/courses/attendance.server";
import { courseClock } from "#app/modules/courses/present.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

const CheckInSchema = z.object({ t: z.string().min(1).max(100) });

export const meta = pageMeta("courses:checkin.title");

async function session(params: { sessionId?: string }) {
  const found = await sessionWithCourse(Number(params.sessionId) || 0);
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const s = await session(params);
  const clock = await courseClock(getLocale(request));
  return { title: s.title, time: clock.session(s), token: new URL(request.url).searchParams.get("t") ?? "" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const s = await session(params);
  const parsed = CheckInSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, reason: "invalid" as const }, { status: 400 });
  const outcome = await checkIn({ sessionId: s.id, token: parsed.data.t, userId: user.id });
  return data(outcome, { status: outcome.ok ? 200 : 400 });
}

export default function CheckIn() {
  const { title, time, token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("courses");
  return (
    <section aria-labelledby="checkin-title" className="narrow stack">
      <h1 id="checkin-title">{t("checkin.title")}</h1>
      <p>{t("checkin.session", { title, time })}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {t("checkin.done")}
        </p>
      ) : (
        <>
          {result && !result.ok ? (
            <p className="form-error" role="alert">
              {result.reason === "outside"
                ? t("checkin.outside")
                : result.reason === "not_enrolled"
                  ? t("checkin.notEnrolled")
                  : t("checkin.invalid")}
            </p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="t" value={token} />
            <button type="submit" className="primary big">
              {t("checkin.button")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
