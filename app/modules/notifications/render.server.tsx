// Turns an outbox row into the email itself: subject, HTML (react-dom/server) and a plain-text version
// (html-to-text), in the row's language, inside the one layout. Bad rows come back as an error, never a throw.
import { compile } from "html-to-text";
import { renderToStaticMarkup } from "react-dom/server";
import { EmailLayout } from "#emails/layout";
import { emailTemplates, getTemplate } from "#emails/registry";
import type { EmailTemplate } from "#emails/template";
import { defaultLocale, getT, supportedLocales, type Locale } from "#app/modules/i18n/i18n";
import type { EmailKind } from "#db/schema/email";
import { maskTemplateData, maskTokenLinks, maskValue } from "./secrets.server";

export interface EmailParts {
  subject: string;
  html: string;
  text: string;
}

export interface RenderedEmail extends EmailParts {
  kind: EmailKind;
  /**
   * The same email as staff may see it, every secret masked (secrets.server.ts). Rendered on demand: only the
   * local transport keeps a staff copy, and a rendering costs as much as the email itself.
   */
  masked(): EmailParts;
}

export type RenderResult = { ok: true; email: RenderedEmail } | { ok: false; error: string };

export interface RenderInput {
  template: string;
  data: unknown;
  locale: Locale;
}

export interface RenderContext {
  communityName: string;
  /** Present only for mail its recipient may turn off with one click. */
  unsubscribeUrl?: string;
}

export function renderEmail(input: RenderInput, context: RenderContext): RenderResult {
  // Errors are read by organizers, who work in the default language.
  const te = getT(defaultLocale);
  const template = getTemplate(input.template);
  if (!template)
    return { ok: false, error: te("email:errors.unknownTemplate", { template: input.template }) };
  const parsed = template.schema.safeParse(input.data);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return { ok: false, error: te("email:errors.badData", { template: input.template, detail }) };
  }
  return { ok: true, email: renderTemplate(template, parsed.data, input.locale, context) };
}

export function renderTemplate(
  template: EmailTemplate,
  data: unknown,
  locale: Locale,
  context: RenderContext,
): RenderedEmail {
  const whole = renderParts(template, data, locale, context);
  // Rendered again from masked data rather than masked afterwards: a wrapped line or an escaped character
  // cannot let a secret through.
  const hasSecrets = template.secrets.length > 0 || context.unsubscribeUrl !== undefined;
  return {
    kind: template.kind,
    ...whole,
    masked: () => {
      const masked = hasSecrets
        ? renderParts(template, maskTemplateData(template, data), locale, {
            ...context,
            unsubscribeUrl: context.unsubscribeUrl && maskValue(context.unsubscribeUrl),
          })
        : whole;
      return {
        subject: maskTokenLinks(masked.subject),
        html: maskTokenLinks(masked.html),
        text: maskTokenLinks(masked.text),
      };
    },
  };
}

function renderParts(
  template: EmailTemplate,
  data: unknown,
  locale: Locale,
  context: RenderContext,
): EmailParts {
  const t = getT(locale);
  const markup = renderToStaticMarkup(
    <EmailLayout
      t={t}
      lang={locale}
      community={context.communityName}
      title={template.title(t, data)}
      unsubscribeUrl={context.unsubscribeUrl}
    >
      {template.body(t, data)}
    </EmailLayout>,
  );
  const html = `<!DOCTYPE html>${markup}`;
  return { subject: template.subject(t, data), html, text: toText(html) };
}

// Compiled once: html-to-text's convert() compiles its options on every call, which cost ten times the
// conversion itself (about 4 ms an email, 0.4 s a batch of 100, most of the drain's slot on a busy machine).
const toText = compile({
  wordwrap: 78,
  selectors: [
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    // A button's address is written out beneath it already.
    { selector: "a.button", format: "inline" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    // A list's items read "• item" rather than " * item", which looks like stray Markdown.
    { selector: "ul", options: { itemPrefix: " • " } },
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
    { selector: "title", format: "skip" },
  ],
});

/** Every template's name, for the outbox's filter. */
export const templateNames: string[] = Object.keys(emailTemplates);

/** Every template rendered with its sample data, in each language, for the preview page. */
export function previewTemplates(communityName: string, origin: string) {
  return Object.entries(emailTemplates).map(([name, template]) => ({
    name,
    kind: template.kind,
    renderings: supportedLocales.map((locale) => ({
      locale,
      ...renderTemplate(template, template.sample, locale, {
        communityName,
        unsubscribeUrl: template.kind === "announcements" ? `${origin}/unsubscribe/preview` : undefined,
      }),
    })),
  }));
}
