// Progressive enhancement of a GET search form: with JavaScript, the results follow the typing (a short pause,
// then the form is submitted, replacing the history entry); without it, the form's own button does the same.
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";

export function useSearchAsYouType(delayMs = 350) {
  const submit = useSubmit();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => submit(form, { replace: true, preventScrollReset: true }), delayMs);
  };
}
