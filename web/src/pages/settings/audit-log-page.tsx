import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type { AuditPage, AuditRecord, AuditVerification, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";

const auditPageSize = 50;

function json(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, null, 2);
}

function AuditDetails({ record }: { readonly record: AuditRecord }) {
  const { t } = useTranslation();
  const before = json(record.before);
  const after = json(record.after);
  return (
    <div className="audit-details">
      <div className="audit-json">
        <h3>{t("audit.before")}</h3>
        <pre>{before ?? t("audit.nothing")}</pre>
      </div>
      <div className="audit-json">
        <h3>{t("audit.after")}</h3>
        <pre>{after ?? t("audit.nothing")}</pre>
      </div>
      <p className="audit-hash mono">
        prev {record.prevHash}
        <br />
        hash {record.hash}
      </p>
    </div>
  );
}

function VerifyResult({ result }: { readonly result: AuditVerification }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <p role="status" className="notice notice-success" data-testid="audit-verify-result" data-ok="true">
        {t("audit.verifyOk", { checked: result.checked })}
      </p>
    );
  }
  const broken = result.firstBroken;
  return (
    <p role="alert" className="notice notice-error" data-testid="audit-verify-result" data-ok="false">
      {broken === null
        ? t("errors.unknown")
        : t("audit.verifyBroken", { seq: broken.seq, reason: t(`audit.reasons.${broken.reason}`) })}
    </p>
  );
}

export function AuditLogPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const language = currentLanguage();

  const audit = useInfiniteQuery({
    queryKey: queryKeys.audit(org.orgId),
    queryFn: ({ pageParam }) =>
      api.get<AuditPage>(orgPath(org.orgId, "audit"), { limit: auditPageSize, beforeSeq: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });
  const verify = useMutation({
    mutationFn: () => api.get<AuditVerification>(orgPath(org.orgId, "audit", "verify")),
  });
  const records = audit.data?.pages.flatMap((page) => page.items) ?? [];

  function toggle(seq: number): void {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  }

  function actionLabel(action: string): string {
    return t(`audit.actions.${action}` as "audit.actions.customer.created", { defaultValue: action });
  }

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("audit.intro")}</p>
        <button
          type="button"
          className="button"
          onClick={() => verify.mutate()}
          disabled={verify.isPending}
          data-testid="audit-verify"
        >
          {verify.isPending ? t("audit.verifying") : t("audit.verify")}
        </button>
      </div>
      {verify.data !== undefined && <VerifyResult result={verify.data} />}
      <ErrorMessage error={verify.error} />
      <ErrorMessage error={audit.error} />
      {audit.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col" className="cell-number">
                  {t("audit.seq")}
                </th>
                <th scope="col">{t("audit.time", { timeZone: org.timeZone })}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.entity")}</th>
                <th scope="col" className="cell-actions">
                  {t("audit.details")}
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => {
                const open = expanded.has(record.seq);
                return (
                  <Fragment key={record.seq}>
                    <tr className={open ? "row-open" : undefined}>
                      <td className="cell-number mono">{record.seq}</td>
                      <td className="nowrap">{formatInstant(record.recordedAt, org.timeZone, language)}</td>
                      <td>{record.actorLabel}</td>
                      <td>
                        {actionLabel(record.action)}
                        <div className="subtle mono">{record.action}</div>
                      </td>
                      <td>
                        {record.entityType}
                        <div className="subtle mono">{record.entityId}</div>
                      </td>
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button-small"
                          aria-expanded={open}
                          aria-label={
                            open
                              ? t("audit.hideDetails", { seq: record.seq })
                              : t("audit.showDetails", { seq: record.seq })
                          }
                          onClick={() => toggle(record.seq)}
                        >
                          {open ? "▾" : "▸"} {t("audit.details")}
                        </button>
                      </td>
                    </tr>
                    {open && (
                      <tr className="row-details">
                        <td colSpan={6}>
                          <AuditDetails record={record} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
              {records.length === 0 && (
                <tr>
                  <td colSpan={6} className="table-empty">
                    {t("audit.empty")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {records.length > 0 && (
        <div className="table-footer">
          <span className="muted">
            {audit.hasNextPage
              ? t("common.shownSoFar", { count: records.length })
              : t("common.allLoaded", { count: records.length })}
          </span>
          {audit.hasNextPage && (
            <button
              type="button"
              className="button"
              onClick={() => void audit.fetchNextPage()}
              disabled={audit.isFetchingNextPage}
            >
              {audit.isFetchingNextPage ? t("common.loadingMore") : t("common.loadMore")}
            </button>
          )}
        </div>
      )}
    </>
  );
}
