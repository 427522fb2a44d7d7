import { type FormEvent, type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "./error-message.tsx";

/**
 * A modal form: mounted when it opens, closed when it unmounts. Escape cancels unless the request
 * is on its way; the server's objections show above the fields.
 */
export function FormDialog(props: {
  readonly title: string;
  readonly intro?: string;
  readonly submitLabel: string;
  readonly pendingLabel: string;
  readonly pending: boolean;
  readonly error: unknown;
  readonly canSubmit?: boolean;
  readonly danger?: boolean;
  /** Room for a table of lines (a credit note's, an allocation's items). */
  readonly wide?: boolean;
  readonly testId?: string;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
  readonly children: ReactNode;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    element.querySelector<HTMLElement>("input, select, textarea")?.focus();
    return () => element.close();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (props.canSubmit === false || props.pending) return;
    props.onSubmit();
  }

  return (
    <dialog
      ref={dialog}
      className={props.wide === true ? "dialog dialog-form dialog-wide" : "dialog dialog-form"}
      aria-labelledby="form-dialog-title"
      data-testid={props.testId}
      onCancel={(event) => {
        event.preventDefault();
        if (!props.pending) props.onCancel();
      }}
    >
      <h2 id="form-dialog-title">{props.title}</h2>
      <form className="form-stack" onSubmit={submit} noValidate>
        {props.intro !== undefined && <p className="muted">{props.intro}</p>}
        <ErrorMessage error={props.error} />
        {props.children}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onCancel} disabled={props.pending}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            className={props.danger === true ? "button button-danger" : "button button-primary"}
            disabled={props.pending || props.canSubmit === false}
          >
            {props.pending ? props.pendingLabel : props.submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
