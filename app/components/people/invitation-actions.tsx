// Resend (renew) and withdraw buttons for one account's invitation; both post to the invitations page.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { InvitationState } from "#app/modules/people/invitation-state";

export function InvitationActions({
  userId,
  state,
  back,
  name,
}: {
  userId: number;
  state: InvitationState;
  back: "list" | "person";
  name: string;
}) {
  const { t } = useTranslation("lifecycle");
  const resendLabel =
    state === "pending"
      ? t("invitations.resend")
      : state === "none"
        ? t("invitations.send")
        : t("invitations.renew");
  return (
    <div className="actions">
      <Form method="post" action="/admin/people/invitations">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="back" value={back} />
        <button
          type="submit"
          name="intent"
          value="resend"
          className="secondary"
          aria-label={`${resendLabel} · ${name}`}
        >
          {resendLabel}
        </button>
      </Form>
      {state === "pending" ? (
        <Form method="post" action="/admin/people/invitations">
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="back" value={back} />
          <button
            type="submit"
            name="intent"
            value="withdraw"
            className="danger"
            aria-label={`${t("invitations.withdraw")} · ${name}`}
          >
            {t("invitations.withdraw")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
