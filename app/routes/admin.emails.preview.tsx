import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { appOrigin } from "#app/config.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { previewTemplates } from "#app/modules/notifications/render.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("email:preview.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "email.preview");
  const settings = await getSettings();
  return {
    templates: previewTemplates(settings.communityName, appOrigin()),
  };
}

export default function EmailPreview() {
  const { templates } = useLoaderData<typeof loader>();
  const { t } = useTranslation("email");
  return (
    <section aria-labelledby="preview-title">
      <h1 id="preview-title">{t("preview.title")}</h1>
      <p>{t("preview.lead")}</p>
      {templates.map((template) => (
        <section key={template.name} aria-labelledby={`tpl-${template.name}`} className="preview-template">
          <h2 id={`tpl-${template.name}`}>
            <code>{template.name}</code>
          </h2>
          <p className="badge">{t("preview.kind", { kind: t(`kinds.${template.kind}`) })}</p>
          <div className="preview-grid">
            {template.renderings.map((r) => (
              <figure key={r.locale} className="preview-item" lang={r.locale}>
                <figcaption>{t("preview.subject", { subject: r.subject })}</figcaption>
                <iframe
                  className="message-html"
                  title={`${template.name} ${r.locale}`}
                  sandbox=""
                  src={`/admin/emails/preview/${template.name}/${r.locale}`}
                />
                <details>
                  <summary>{t("mailbox.text")}</summary>
                  <pre className="message-text">{r.text}</pre>
                </details>
              </figure>
            ))}
          </div>
        </section>
      ))}
    </section>
  );
}
