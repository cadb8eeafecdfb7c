// Conform validates a form by dispatching a submit event with a hidden `__intent__` button (on blur, on input):
// a confirmation asked in `onSubmit` must let those through, or it pops up for the validation and again for
// the real submit.
import type { FormEvent } from "react";

export function isValidationSubmit(event: FormEvent<HTMLFormElement>): boolean {
  const submitter = (event.nativeEvent as SubmitEvent).submitter;
  return submitter?.getAttribute("name") === "__intent__";
}
