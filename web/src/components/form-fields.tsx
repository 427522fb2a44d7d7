import type { InputHTMLAttributes, ReactNode } from "react";

/** A field's label, with a note in brackets after it ("optional", a hint, what is on file). */
function FieldLabel(props: { readonly label: string; readonly note: string | undefined }) {
  return (
    <span>
      {props.label}
      {props.note !== undefined && (
        <>
          {" "}
          <span className="field-note">({props.note})</span>
        </>
      )}
    </span>
  );
}

/** A labelled one-line input bound to a string; `children` follow the input (an error, a checkbox). */
export function TextField(
  props: Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "children"> & {
    readonly label: string;
    readonly note?: string;
    readonly wide?: boolean;
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly children?: ReactNode;
  },
) {
  const { label, note, wide, value, onChange, children, ...input } = props;
  return (
    <label className={wide === true ? "field field-wide" : "field"}>
      <FieldLabel label={label} note={note} />
      <input {...input} value={value} onChange={(event) => onChange(event.target.value)} />
      {children}
    </label>
  );
}

/** A labelled select over a closed list of values; whatever else the element reports is ignored. */
export function ChoiceField<T extends string>(props: {
  readonly label: string;
  readonly name: string;
  readonly choices: ReadonlyArray<T>;
  readonly value: T;
  readonly choiceLabel: (choice: T) => string;
  readonly onChange: (value: T) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select
        name={props.name}
        value={props.value}
        onChange={(event) => {
          const choice = props.choices.find((c) => c === event.target.value);
          if (choice !== undefined) props.onChange(choice);
        }}
      >
        {props.choices.map((choice) => (
          <option key={choice} value={choice}>
            {props.choiceLabel(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}
