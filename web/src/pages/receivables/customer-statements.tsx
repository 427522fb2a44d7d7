import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Customer, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { navigate } from "../../router.ts";
import { orgPagePath, statementPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { NewStatementDialog } from "./new-statement-dialog.tsx";
import { recentDocumentsMax } from "./receivables-queries.ts";
import { useStatements } from "./statement-queries.ts";
import { StatementTable } from "./statement-table.tsx";

/** A customer's latest statements of account, and a new one for it (statements.send). */
export function CustomerStatements(props: { readonly org: OrganizationOfUser; readonly customer: Customer }) {
  const { t } = useTranslation();
  const { org, customer } = props;
  const id = customer.customerId;
  const statements = useStatements(org.orgId, { customerId: id, limit: recentDocumentsMax });
  const [creating, setCreating] = useState(false);
  return (
    <section className="card" aria-labelledby="customer-statements-title">
      <div className="card-title-row">
        <h2 id="customer-statements-title">{t("accountStatements.customerTitle")}</h2>
        <div className="toolbar-inline">
          {can(org, "statements.send") && (
            <button
              type="button"
              className="button button-small"
              data-testid="customer-new-statement"
              onClick={() => setCreating(true)}
            >
              {t("accountStatements.newStatement")}
            </button>
          )}
          <Link to={orgPagePath(org.orgId, "receivables", "statements", { customerId: id })}>
            {t("accountStatements.allStatements")}
          </Link>
        </div>
      </div>
      <ErrorMessage error={statements.error} />
      <StatementTable
        org={org}
        statements={statements.data?.items ?? []}
        pending={statements.isPending}
        emptyText={t("accountStatements.customerEmpty")}
        customerColumn={false}
        testId="customer-statements"
      />
      {creating && (
        <NewStatementDialog
          org={org}
          customer={{ customerId: id, code: customer.code, name: customer.name }}
          onCreated={(created) => navigate(statementPagePath(org.orgId, created.statementId))}
          onCancel={() => setCreating(false)}
        />
      )}
    </section>
  );
}
