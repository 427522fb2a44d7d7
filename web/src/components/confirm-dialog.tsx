import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "./error-message.tsx";

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: string;
  /** The question, naming what is affected: "Remove 李强 from this organization?" */
  readonly question: string;
  /** What follows from saying yes. */
  readonly consequence: string;
  readonly confirmLabel: string;
  readonly pendingLabel: string;
  readonly pending: boolean;
  readonly error: unknown;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** A modal question before a destructive action; Cancel has the focus, so Enter does no harm. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (props.open && !element.open) {
      element.showModal();
      cancelButton.current?.focus();
    }
    if (!props.open && element.open) element.close();
  }, [props.open]);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="confirm-dialog-title"
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!props.pending) props.onCancel();
      }}
    >
      <h2 id="confirm-dialog-title">{props.title}</h2>
      <p className="dialog-question">{props.question}</p>
      <p className="dialog-consequence">{props.consequence}</p>
      <ErrorMessage error={props.error} />
      <div className="dialog-actions">
        <button
          type="button"
          ref={cancelButton}
          className="button"
          onClick={props.onCancel}
          disabled={props.pending}
        >
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={props.onConfirm}
          disabled={props.pending}
        >
          {props.pending ? props.pendingLabel : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
