// The password rules every form shares (client and server): length only. The common-password refusal
// needs the 10,000-entry list and so runs on the server (password.server.ts).
import { z } from "zod";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const newPasswordSchema = z
  .string({ error: "auth:validation.passwordRequired" })
  .min(PASSWORD_MIN, "auth:validation.passwordTooShort")
  .max(PASSWORD_MAX, "auth:validation.passwordTooLong");
