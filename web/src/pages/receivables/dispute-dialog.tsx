import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { OpenItemView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { receivablesPath, useReceivablesChanged } from "./receivables-queries.ts";

const disputeNoteLengthMax = 500;

/**
 * Marks an open item disputed (争议: automatic allocation and dunning pass it by) with a note of
 * what the customer contests, or clears the dispute with an optional note of how it was settled.
 */
export function DisputeDialog(props: {
  readonly org: OrganizationOfUser;
  readonly item: OpenItemView;
  readonly onDone: (item: OpenItemView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { org, item } = props;
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const disputing = !item.disputed;
  const [note, setNote] = useState("");
  const change = useMutation({
    mutationFn: () =>
      api.post<OpenItemView>(receivablesPath(org.orgId, "open-items", item.itemId, "dispute"), {
        disputed: disputing,
        note: note.trim() === "" ? null : note.trim(),
      }),
    onSuccess: (changed) => {
      receivablesChanged();
      props.onDone(changed);
    },
  });
  const amount = formatMoney(item.open, item.currency, currentLanguage());
  return (
    <FormDialog
      title={disputing ? t("openItems.disputeTitle") : t("openItems.clearTitle")}
      intro={
        disputing
          ? t("openItems.disputeIntro", { document: item.documentNumber, amount })
          : t("openItems.clearIntro", { document: item.documentNumber, amount })
      }
      submitLabel={disputing ? t("openItems.dispute") : t("openItems.clearDispute")}
      pendingLabel={t("common.saving")}
      pending={change.isPending}
      error={change.error}
      canSubmit={!disputing || note.trim() !== ""}
      testId="dispute-dialog"
      onSubmit={() => change.mutate()}
      onCancel={props.onCancel}
    >
      {!disputing && item.disputeNote !== null && (
        <p className="subtle pre-wrap">{t("openItems.disputeNoteWas", { note: item.disputeNote })}</p>
      )}
      <label className="field">
        <span>
          {t("openItems.disputeNote")}
          {!disputing && <span className="field-note"> ({t("customers.optional")})</span>}
        </span>
        <textarea
          name="note"
          rows={3}
          required={disputing}
          maxLength={disputeNoteLengthMax}
          value={note}
          onChange={(event) => {
            if (change.error !== null) change.reset();
            setNote(event.target.value);
          }}
        />
      </label>
    </FormDialog>
  );
}
