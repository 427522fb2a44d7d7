import { type ReactNode, useState } from "react";
import { CustomerPicker, type PickedCustomer } from "../ledger/customer-picker.tsx";

/**
 * A labelled customer chosen by code or name, as the voucher form and the plan designer pick one.
 * It starts from `initial` (its code typed in); the text is its own, the pick is the caller's.
 * `onPick` should keep its identity between renders (a state setter): the picker calls it from
 * an effect.
 */
export function CustomerField(props: {
  readonly orgId: string;
  readonly name: string;
  readonly label: string;
  readonly initial: PickedCustomer | null;
  readonly customer: PickedCustomer | null;
  readonly invalid: boolean;
  readonly onPick: (customer: PickedCustomer | null) => void;
  readonly onText?: () => void;
  /** Follows the input: the field's error. */
  readonly children?: ReactNode;
}) {
  const [text, setText] = useState(props.initial?.code ?? "");
  return (
    <div className="field" data-field={props.name}>
      <span>{props.label}</span>
      <CustomerPicker
        orgId={props.orgId}
        text={text}
        customer={props.customer}
        label={props.label}
        invalid={props.invalid}
        onText={(next) => {
          props.onText?.();
          setText(next);
        }}
        onPick={props.onPick}
      />
      {props.children}
    </div>
  );
}
