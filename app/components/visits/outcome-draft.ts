// The outcome form's draft, kept on the device: every change is saved to localStorage under the visit and the
// user, restored when the page opens again (after a dropped connection or a new sign-in), and cleared once
// the outcome is recorded. Offline, a submit waits and goes out when the browser is back online.
import { useEffect, useState, type FormEvent } from "react";

type Entries = [string, string][];

function formOf(id: string): HTMLFormElement | null {
  const el = document.getElementById(id);
  return el instanceof HTMLFormElement ? el : null;
}

function entriesOf(form: HTMLFormElement): Entries {
  return [...new FormData(form).entries()].flatMap(([name, value]) =>
    name !== "intent" && typeof value === "string" ? [[name, value] as [string, string]] : [],
  );
}

function apply(form: HTMLFormElement, entries: Entries) {
  for (const el of form.elements) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || !el.name) continue;
    if (el.name === "intent" || el.type === "hidden") continue;
    const values = entries.filter(([name]) => name === el.name).map(([, value]) => value);
    if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio"))
      el.checked = values.includes(el.value);
    else el.value = values[0] ?? "";
  }
}

function read(key: string): Entries | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return null;
    return parsed.filter(
      (e): e is [string, string] =>
        Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && typeof e[1] === "string",
    );
  } catch {
    return null;
  }
}

/** `shown`: whether the form is on the page (it appears once the visit has begun or the volunteer arrived). */
export function useOutcomeDraft(formId: string, key: string, saved: boolean, shown: boolean) {
  const [restored, setRestored] = useState(false);
  const [waiting, setWaiting] = useState(false);

  useEffect(() => {
    if (saved) {
      window.localStorage.removeItem(key);
      return;
    }
    const form = shown ? formOf(formId) : null;
    if (!form) return;
    const draft = read(key);
    if (draft && draft.length > 0) {
      apply(form, draft);
      // The note shows once the fields are filled: after this effect, as the draft lives outside React.
      queueMicrotask(() => setRestored(true));
    }
    const save = () => {
      try {
        window.localStorage.setItem(key, JSON.stringify(entriesOf(form)));
      } catch {
        // Storage full or blocked (private mode): the form still works, only without a draft.
      }
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    return () => {
      form.removeEventListener("input", save);
      form.removeEventListener("change", save);
    };
  }, [formId, key, saved, shown]);

  useEffect(() => {
    if (!waiting) return;
    const send = () => {
      setWaiting(false);
      formOf(formId)?.requestSubmit();
    };
    window.addEventListener("online", send);
    return () => window.removeEventListener("online", send);
  }, [formId, waiting]);

  /** Wraps the form's submit: offline, it keeps the draft and waits for the connection instead. */
  function onSubmit(event: FormEvent<HTMLFormElement>, next: (event: FormEvent<HTMLFormElement>) => void) {
    if (!navigator.onLine) {
      event.preventDefault();
      setWaiting(true);
      return;
    }
    next(event);
  }

  return { restored, waiting, onSubmit };
}
