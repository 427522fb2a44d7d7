import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  BankImportSummary,
  BankLineResolution,
  BankLineResolved,
  RematchResult,
} from "../../api/bank-types.ts";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { navigate, useLocation } from "../../router.ts";
import { orgPagePath, paymentPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { receivablesPath, useReceivablesChanged } from "../receivables/receivables-queries.ts";
import { BankImportForm } from "./bank-import-form.tsx";
import { BankImportResult } from "./bank-import-result.tsx";
import { BankLineCard } from "./bank-line-card.tsx";
import { BankLinesTable } from "./bank-lines-table.tsx";
import { bankLinesMax, useBankLines, useBankStatements } from "./bank-queries.ts";
import { BankStatementsTable } from "./bank-statements-table.tsx";

const bankViews = ["review", "matched", "ignored", "statements"] as const;
type BankView = (typeof bankViews)[number];

/** What the page says after a step, with the payment it recorded when there is one. */
interface Notice {
  readonly text: string;
  readonly paymentId: string | null;
}

/**
 * 银行对账: import a bank statement, then work the review queue: each receipt the engine was not
 * sure of, with its ranked suggestions, is accepted, assigned to a customer or ignored, and leaves
 * the queue. The lines matched (automatically or by a person), those ignored and the statements
 * imported are views of their own; the view lives in the address (`?view=`).
 */
export function BankPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const location = useLocation();
  const [view, setView] = useState<BankView>(
    () => bankViews.find((v) => v === location.search.get("view")) ?? "review",
  );
  const [imported, setImported] = useState<{ summary: BankImportSummary; fileName: string } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const manages = can(org, "payments.manage");
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const review = useBankLines(org.orgId, "review");

  useEffect(() => {
    navigate(orgPagePath(org.orgId, "payments", "bank", { view: view === "review" ? undefined : view }), {
      replace: true,
    });
  }, [org.orgId, view]);

  const rematch = useMutation({
    mutationFn: () => api.post<RematchResult>(receivablesPath(org.orgId, "bank-lines", "rematch")),
    onSuccess: (result) => {
      receivablesChanged();
      setNotice({
        text: t("bank.rematched", { matched: result.matched, waiting: result.waiting }),
        paymentId: null,
      });
    },
  });

  function resolved(result: BankLineResolved, resolution: BankLineResolution): void {
    switch (resolution.kind) {
      case "accept":
      case "assign":
        setNotice({
          text: t("bank.paymentRecorded", {
            number: result.payment?.number ?? "",
            customer: result.payment?.customerName ?? "",
          }),
          paymentId: result.payment?.paymentId ?? null,
        });
        return;
      case "ignore":
        setNotice({ text: t("bank.lineIgnored"), paymentId: null });
        return;
    }
  }

  const waiting = review.data?.items.length;
  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("bank.intro")}</p>
      </div>
      {manages && (
        <BankImportForm
          org={org}
          onImported={(summary, fileName) => {
            setNotice(null);
            setImported({ summary, fileName });
          }}
        />
      )}
      {imported !== null && (
        <BankImportResult
          summary={imported.summary}
          fileName={imported.fileName}
          onReview={() => {
            setView("review");
            document.getElementById("bank-views")?.scrollIntoView({ block: "start" });
          }}
          onClose={() => setImported(null)}
        />
      )}

      <nav id="bank-views" className="view-switch" aria-label={t("bank.viewsLabel")}>
        {bankViews.map((v) => (
          <button
            key={v}
            type="button"
            className="view-switch-option"
            aria-pressed={v === view}
            data-view={v}
            onClick={() => {
              setNotice(null);
              setView(v);
            }}
          >
            {t(`bank.views.${v}`)}
            {v === "review" && waiting !== undefined && (
              <span className="view-switch-count" data-testid="bank-review-count">
                {waiting}
              </span>
            )}
          </button>
        ))}
      </nav>
      {notice !== null && (
        <p role="status" className="notice notice-success" data-testid="bank-notice">
          {notice.text}
          {notice.paymentId !== null && (
            <>
              {" "}
              <Link to={paymentPagePath(org.orgId, notice.paymentId)} data-testid="bank-notice-payment">
                {t("bank.openPayment")}
              </Link>
            </>
          )}
        </p>
      )}

      {view === "review" && (
        <section aria-labelledby="bank-review-title" data-testid="bank-review">
          <div className="card-title-row">
            <h2 id="bank-review-title">{t("bank.reviewTitle")}</h2>
            {manages && (
              <button
                type="button"
                className="button button-small"
                data-testid="bank-rematch"
                disabled={rematch.isPending}
                onClick={() => {
                  setNotice(null);
                  rematch.mutate();
                }}
              >
                {rematch.isPending ? t("bank.rematching") : t("bank.rematch")}
              </button>
            )}
          </div>
          <p className="subtle">{t("bank.reviewIntro")}</p>
          <ErrorMessage error={rematch.error} />
          <ErrorMessage error={review.error} />
          {review.isPending ? (
            <p className="muted">{t("common.loading")}</p>
          ) : (review.data?.items.length ?? 0) === 0 ? (
            <p className="card table-empty-card" data-testid="bank-review-empty">
              {t("bank.queueEmpty")}
            </p>
          ) : (
            <>
              {(review.data?.items ?? []).map((line) => (
                <BankLineCard key={line.lineId} org={org} line={line} onResolved={resolved} />
              ))}
              {(review.data?.items.length ?? 0) >= bankLinesMax && (
                <p className="subtle">{t("bank.queueMore", { count: bankLinesMax })}</p>
              )}
            </>
          )}
        </section>
      )}
      {(view === "matched" || view === "ignored") && <SettledLines org={org} status={view} />}
      {view === "statements" && <ImportedStatements org={org} />}
    </>
  );
}

function SettledLines(props: { readonly org: OrganizationOfUser; readonly status: "matched" | "ignored" }) {
  const { t } = useTranslation();
  const lines = useBankLines(props.org.orgId, props.status);
  return (
    <section aria-label={t(`bank.views.${props.status}`)}>
      <ErrorMessage error={lines.error} />
      <p className="subtle">{t("ledger.amountsIn", { currency: props.org.baseCurrency })}</p>
      <BankLinesTable
        org={props.org}
        lines={lines.data?.items ?? []}
        pending={lines.isPending}
        emptyText={props.status === "matched" ? t("bank.matchedEmpty") : t("bank.ignoredEmpty")}
        testId={`bank-lines-${props.status}`}
      />
      {(lines.data?.items.length ?? 0) >= bankLinesMax && (
        <p className="subtle">{t("bank.latestOnly", { count: bankLinesMax })}</p>
      )}
    </section>
  );
}

function ImportedStatements(props: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const statements = useBankStatements(props.org.orgId);
  return (
    <section aria-label={t("bank.views.statements")}>
      <ErrorMessage error={statements.error} />
      <BankStatementsTable
        org={props.org}
        statements={statements.data?.items ?? []}
        pending={statements.isPending}
      />
    </section>
  );
}
