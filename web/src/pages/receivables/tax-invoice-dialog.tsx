import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { InvoiceView } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { todayIn } from "../../business-date.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { issueText } from "../credit/credit-format.ts";
import { issuesByPath } from "../credit/problem-list.tsx";
import { receivablesPath, useReceivablesChanged } from "./receivables-queries.ts";
import { TaxInvoiceFields, taxInvoiceProblems } from "./tax-invoice-fields.tsx";

/**
 * Records the 发票号码 and date of a document, often drawn from the tax system after the
 * receivable was booked; an empty number removes one recorded by mistake.
 */
export function TaxInvoiceDialog(props: {
  readonly org: OrganizationOfUser;
  readonly invoice: InvoiceView;
  readonly onDone: (invoice: InvoiceView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { org, invoice } = props;
  const today = todayIn(org.timeZone);
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const [number, setNumber] = useState(invoice.taxInvoiceNumber ?? "");
  const [date, setDate] = useState(invoice.taxInvoiceDate ?? today);
  const save = useMutation({
    mutationFn: () =>
      api.put<InvoiceView>(receivablesPath(org.orgId, "invoices", invoice.invoiceId, "tax-invoice"), {
        taxInvoiceNumber: number === "" ? null : number,
        taxInvoiceDate: number === "" ? null : date,
      }),
    onSuccess: (saved) => {
      receivablesChanged();
      props.onDone(saved);
    },
  });
  const problems = taxInvoiceProblems(number, date, t);
  const issues = issuesByPath(save.error, (code, message) => issueText({ path: "", code, message }, t));
  const clearing = number === "" && invoice.taxInvoiceNumber !== null;
  return (
    <FormDialog
      title={t("taxInvoice.recordTitle")}
      intro={t("taxInvoice.recordIntro", { number: invoice.number ?? "" })}
      submitLabel={clearing ? t("taxInvoice.remove") : t("common.save")}
      pendingLabel={t("common.saving")}
      pending={save.isPending}
      error={save.error}
      canSubmit={
        problems.number === null &&
        problems.date === null &&
        (number !== "" || invoice.taxInvoiceNumber !== null)
      }
      danger={clearing}
      testId="tax-invoice-dialog"
      onSubmit={() => save.mutate()}
      onCancel={props.onCancel}
    >
      <TaxInvoiceFields
        number={number}
        date={date}
        today={today}
        problems={problems}
        issues={issues}
        optional={false}
        onNumber={(value) => {
          if (save.error !== null) save.reset();
          setNumber(value);
        }}
        onDate={(value) => {
          if (save.error !== null) save.reset();
          setDate(value);
        }}
      />
    </FormDialog>
  );
}
