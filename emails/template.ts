// What a template is: the data it takes (a Zod schema, checked when the email is rendered), sample data for the
// preview page, its kind (which decides whether the recipient may turn it off), which fields are secret, a
// subject and a body.
import type { ReactElement } from "react";
import type { z } from "zod";
import type { getT } from "#app/modules/i18n/i18n";
import type { EmailKind } from "#db/schema/email";

export type EmailT = ReturnType<typeof getT>;

export interface EmailTemplate<S extends z.ZodType = z.ZodType> {
  kind: EmailKind;
  schema: S;
  /**
   * The fields that only the recipient may read: a link that signs in, resets or accepts, a code. Required,
   * so that a new template says so even when it has none; staff see these masked (decision 015).
   */
  secrets: readonly SecretField<z.output<S>>[];
  sample: z.output<S>;
  /** Method syntax on purpose: the registry holds templates of different data types side by side. */
  /** The heading inside the email. */
  title(t: EmailT, data: z.output<S>): string;
  subject(t: EmailT, data: z.output<S>): string;
  body(t: EmailT, data: z.output<S>): ReactElement;
}

/** A top-level field of the template's data. */
export type SecretField<D> = D extends Record<string, unknown> ? Extract<keyof D, string> : string;

export function defineTemplate<S extends z.ZodType>(template: EmailTemplate<S>): EmailTemplate<S> {
  return template;
}
