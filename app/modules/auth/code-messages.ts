// Why a typed code was refused, as the message key every code page shows under the code box.
export type CodeFailure = "wrong" | "expired" | "tooManyAttempts" | "taken";

const keys = {
  wrong: "auth:verify.wrong",
  expired: "auth:verify.expired",
  tooManyAttempts: "auth:verify.tooManyAttempts",
  taken: "auth:phone.taken",
} as const satisfies Record<CodeFailure, string>;

export function codeFailureKey(reason: CodeFailure): string {
  return keys[reason];
}
