// Picks a record (a household member, a course, an account…) by searching for it, so that nobody types an id.
// Without JavaScript the search button posts the surrounding form with its intent and the page answers with the
// matches as radio buttons; with JavaScript the matches come as one types, from a GET resource route that answers
// `{ options }`. Either way the form submits the picked id under `name`, and the server checks it (decision 024).
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorArgs } from "#app/modules/i18n/field-error";

export interface PickerOption {
  id: number;
  label: string;
  /** A second line that tells two alike apart (an address, a date). */
  detail?: string;
}

export interface PickerProps {
  /** The field the picked id is submitted as. */
  name: string;
  /** The field the search text is submitted as (the no-JavaScript search reads it). */
  queryName: string;
  label: string;
  hint?: string;
  /** The resource route searched as one types: `${source}?q=…` answers `{ options: PickerOption[] }`. */
  source: string;
  /** The intent the search button posts the form with, when the page works without JavaScript. */
  searchIntent: string;
  /** The text searched last, and what the server found for it (the no-JavaScript answer). */
  query?: string;
  options?: readonly PickerOption[];
  /** The option picked before (kept shown and checked when the matches change). */
  selected?: PickerOption | null;
  /** i18n keys, translated here. */
  errors?: readonly string[];
  /** The id of the form the radios belong to, when the picker sits outside it. */
  form?: string;
  /**
   * The id of a GET form the search box and button belong to instead (the page answers `?q=` itself without
   * JavaScript); the radios stay with `form`. Its radios then share their group with others of the same name.
   */
  searchForm?: string;
}

export function Picker({
  name,
  queryName,
  label,
  hint,
  source,
  searchIntent,
  query = "",
  options,
  selected,
  errors,
  form,
  searchForm,
}: PickerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(query);
  const [picked, setPicked] = useState<number | null>(selected?.id ?? null);
  // The matches fetched as one types; until then, what the server answered to the form's search.
  const [fetched, setFetched] = useState<PickerOption[] | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );
  const search = (value: string) => {
    const q = value.trim();
    if (!q) return;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setLoading(true);
    fetch(`${source}${source.includes("?") ? "&" : "?"}q=${encodeURIComponent(q)}`, {
      signal: controller.signal,
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? (response.json() as Promise<{ options: PickerOption[] }>) : null))
      .then((body) => {
        if (body) setFetched(body.options);
        setLoading(false);
      })
      .catch(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
  };
  const searched = fetched !== undefined || options !== undefined;
  const found = fetched ?? options ?? [];
  const pickedOption =
    found.find((o) => o.id === picked) ?? (selected && selected.id === picked ? selected : null);
  const shown =
    pickedOption && !found.some((o) => o.id === pickedOption.id) ? [pickedOption, ...found] : found;
  const id = `${name}-picker`;
  const errorId = `${id}-error`;
  return (
    <fieldset className="picker" aria-describedby={errors?.length ? errorId : undefined}>
      <legend>{label}</legend>
      <div className="picker-search">
        <label htmlFor={`${id}-q`} className="visually-hidden">
          {t("picker.search", { label })}
        </label>
        <input
          id={`${id}-q`}
          name={queryName}
          type="search"
          value={text}
          form={searchForm ?? form}
          autoComplete="off"
          placeholder={t("picker.placeholder")}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setText(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => search(value), 250);
          }}
          onKeyDown={(event) => {
            // Enter searches rather than submitting the whole form.
            if (event.key === "Enter") {
              event.preventDefault();
              search(text);
            }
          }}
        />
        <button
          type="submit"
          name={searchForm ? undefined : "intent"}
          value={searchForm ? undefined : searchIntent}
          form={searchForm ?? form}
          formNoValidate
          className="secondary"
          onClick={(event) => {
            event.preventDefault();
            search(text);
          }}
        >
          {t("picker.searchButton")}
        </button>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <p className="hint" role="status">
        {loading
          ? t("picker.searching")
          : searched && found.length === 0
            ? t("picker.none")
            : searched
              ? t("picker.choose")
              : ""}
      </p>
      {shown.length > 0 ? (
        <ul className="picker-options">
          {shown.map((o) => (
            <li key={o.id}>
              <label className="choice">
                <input
                  type="radio"
                  name={name}
                  value={o.id}
                  form={form}
                  // Left to the browser: a controlled radio would take the check back from another of its group.
                  defaultChecked={picked === o.id}
                  onChange={() => setPicked(o.id)}
                  required
                />
                <span>
                  {o.label}
                  {o.detail ? <span className="muted picker-detail">{o.detail}</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="field-error">
          {errors.map((e) => t(...errorArgs(e))).join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
