import { useTranslation } from "react-i18next";
import type { InvoiceSummary } from "../../api/receivables-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { Link } from "../../components/link.tsx";
import { formatAmount, formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { invoicePagePath } from "../../routes.ts";
import { InvoiceStatusBadge } from "./receivables-badges.tsx";

/** The credit notes (红字) and debit notes (补开) that correct an invoice, each opening its own page. */
export function InvoiceNotesTable(props: {
  readonly org: OrganizationOfUser;
  readonly notes: ReadonlyArray<InvoiceSummary>;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="invoice-notes">
        <thead>
          <tr>
            <th scope="col">{t("invoices.columns.number")}</th>
            <th scope="col">{t("invoices.columns.kind")}</th>
            <th scope="col">{t("invoices.columns.documentDate")}</th>
            <th scope="col" className="cell-amount">
              {t("invoices.columns.gross")}
            </th>
            <th scope="col" className="cell-amount">
              {t("invoices.columns.open")}
            </th>
            <th scope="col">{t("invoices.columns.status")}</th>
            <th scope="col">{t("invoices.fields.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {props.notes.length === 0 && (
            <tr>
              <td colSpan={7} className="table-empty">
                {t("invoices.noNotes")}
              </td>
            </tr>
          )}
          {props.notes.map((note) => (
            <tr key={note.invoiceId} data-invoice-id={note.invoiceId} data-kind={note.kind}>
              <td className="nowrap">
                <Link to={invoicePagePath(props.org.orgId, note.invoiceId)} className="mono">
                  {note.number ?? t("invoices.draftNumber")}
                </Link>
              </td>
              <td className="nowrap">{t(`invoices.kinds.${note.kind}`)}</td>
              <td className="nowrap">{formatDate(note.documentDate, language)}</td>
              <td className="cell-amount">{formatAmount(note.gross, language)}</td>
              <td className="cell-amount">{formatAmount(note.open, language)}</td>
              <td>
                <InvoiceStatusBadge status={note.status} />
              </td>
              <td className="pre-wrap">{note.reason ?? t("common.none")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
