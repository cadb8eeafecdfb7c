// A group of checkboxes for one multi-valued field, with its legend; the form's own errors line goes inside.
import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";

export function ChoiceGroup({
  meta,
  options,
  legend,
  children,
}: {
  meta: FieldMetadata<string[] | undefined>;
  options: { value: string; label: string }[];
  legend: string;
  children?: ReactNode;
}) {
  return (
    <fieldset className="choice-group">
      <legend>{legend}</legend>
      {getCollectionProps(meta, { type: "checkbox", options: options.map((o) => o.value) }).map((props) => (
        <label key={props.key} className="choice">
          <input {...props} key={undefined} />
          {options.find((o) => o.value === props.value)?.label}
        </label>
      ))}
      {children}
    </fieldset>
  );
}
