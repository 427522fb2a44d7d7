import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError, orgPath } from "../../api/client.ts";
import type { LprTableView, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { issuePath, issueText, percentToShare, shareToPercent } from "../credit/credit-format.ts";

/** Most rows the server keeps (src/domain/plans/ceilings.ts `lprEntriesMax`). */
const lprRowsMax = 1000;

interface LprRow {
  /** Stable across edits, so that removing a row keeps the others' inputs. */
  readonly id: number;
  readonly effectiveDate: string;
  readonly ratePercent: string;
}

function rowsOf(table: LprTableView): ReadonlyArray<LprRow> {
  return table.entries.map((entry, index) => ({
    id: index,
    effectiveDate: entry.effectiveDate,
    ratePercent: shareToPercent(entry.rate),
  }));
}

function bodyOf(rows: ReadonlyArray<LprRow>) {
  return {
    entries: rows.map((row) => ({
      effectiveDate: row.effectiveDate,
      // A rate that cannot be read goes as typed: the server names the row.
      rate: percentToShare(row.ratePercent) ?? row.ratePercent.trim(),
    })),
  };
}

/** The row and field an issue names: `lprTable.3.rate` (domain) or `body.entries.3.rate` (request). */
function rowIssue(path: string): { readonly row: number; readonly field: string } | null {
  const match = /(?:lprTable|entries)\.(\d+)\.?(\w*)$/.exec(path);
  if (match === null) return null;
  return { row: Number(match[1]), field: match[2] ?? "" };
}

function LprForm(props: {
  readonly org: OrganizationOfUser;
  readonly table: LprTableView;
  readonly onSaved: (saved: LprTableView) => void;
  readonly onEdit: () => void;
}) {
  const { t } = useTranslation();
  const { org, table } = props;
  const queryClient = useQueryClient();
  const editable = can(org, "plans.configure");
  const [rows, setRows] = useState<ReadonlyArray<LprRow>>(() => rowsOf(table));
  const [nextId, setNextId] = useState(table.entries.length);
  const body = bodyOf(rows);
  const dirty = JSON.stringify(body) !== JSON.stringify(bodyOf(rowsOf(table)));
  const save = useMutation({
    mutationFn: () => api.put<LprTableView>(orgPath(org.orgId, "lpr"), body),
    onSuccess: (saved) => {
      // The form starts afresh from the saved table (its key is the table).
      queryClient.setQueryData([...queryKeys.plans(org.orgId), "lpr"], saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(org.orgId) });
      props.onSaved(saved);
    },
  });
  const issues = new Map<string, string>();
  const otherIssues: string[] = [];
  if (isApiError(save.error)) {
    for (const issue of save.error.issues) {
      const at = rowIssue(issuePath(issue));
      const text = issueText(issue, t);
      if (at === null) otherIssues.push(text);
      else {
        const key = `${at.row}.${at.field}`;
        issues.set(key, issues.has(key) ? `${issues.get(key)}; ${text}` : text);
      }
    }
  }
  const disabled = !editable || save.isPending;

  function change(id: number, patch: Partial<Omit<LprRow, "id">>): void {
    if (save.error !== null) save.reset();
    props.onEdit();
    setRows((before) => before.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (editable && dirty && !save.isPending) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate data-testid="lpr-editor" data-saved={table.saved}>
      {!table.saved && (
        <p className="notice notice-info" data-testid="lpr-builtin">
          {t("planPolicy.lprBuiltIn")}
        </p>
      )}
      <ErrorMessage error={save.error} />
      {otherIssues.length > 0 && <p className="field-error">{otherIssues.join("; ")}</p>}
      <div className="table-wrap">
        <table className="table table-form table-compact" data-testid="lpr-table">
          <thead>
            <tr>
              <th scope="col">{t("planPolicy.lprColumns.effectiveDate")}</th>
              <th scope="col">{t("planPolicy.lprColumns.rate")}</th>
              {editable && (
                <th scope="col">
                  <span className="visually-hidden">{t("planPolicy.lprColumns.actions")}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const issue = (field: string) => issues.get(`${index}.${field}`);
              return (
                <tr key={row.id} data-row={index}>
                  <td>
                    <input
                      type="date"
                      aria-label={t("planPolicy.lprRowDate", { n: index + 1 })}
                      disabled={disabled}
                      value={row.effectiveDate}
                      aria-invalid={issue("effectiveDate") !== undefined}
                      onChange={(event) => change(row.id, { effectiveDate: event.target.value })}
                    />
                    {issue("effectiveDate") !== undefined && (
                      <div className="field-error">{issue("effectiveDate")}</div>
                    )}
                  </td>
                  <td>
                    <input
                      className="input-share"
                      inputMode="decimal"
                      aria-label={t("planPolicy.lprRowRate", { n: index + 1 })}
                      disabled={disabled}
                      value={row.ratePercent}
                      aria-invalid={issue("rate") !== undefined}
                      onChange={(event) => change(row.id, { ratePercent: event.target.value })}
                    />{" "}
                    %{issue("rate") !== undefined && <div className="field-error">{issue("rate")}</div>}
                  </td>
                  {editable && (
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        disabled={disabled}
                        onClick={() => {
                          if (save.error !== null) save.reset();
                          setRows((before) => before.filter((other) => other.id !== row.id));
                        }}
                      >
                        {t("planPolicy.lprRemove")}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editable && (
        <div className="form-actions plans-actions">
          <button
            type="button"
            className="button"
            disabled={disabled || rows.length >= lprRowsMax}
            onClick={() => {
              setRows((before) => [...before, { id: nextId, effectiveDate: "", ratePercent: "" }]);
              setNextId((n) => n + 1);
            }}
          >
            {t("planPolicy.lprAdd")}
          </button>
          <button type="submit" className="button button-primary" disabled={disabled || !dirty}>
            {save.isPending ? t("common.saving") : t("planPolicy.lprSave")}
          </button>
          <span className="subtle">{t("planPolicy.lprHint")}</span>
        </div>
      )}
    </form>
  );
}

/**
 * The one-year LPR table an LPR-based rate ceiling reads: the published table built in until the
 * organization saves its own (later fixings must be added by hand, a legal ceiling is never guessed).
 */
export function LprEditor(props: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const { org } = props;
  const [notice, setNotice] = useState<string | null>(null);
  const lpr = useQuery({
    queryKey: [...queryKeys.plans(org.orgId), "lpr"],
    queryFn: () => api.get<LprTableView>(orgPath(org.orgId, "lpr")),
  });
  return (
    <section className="card" aria-labelledby="lpr-title">
      <h2 id="lpr-title">{t("planPolicy.lprTitle")}</h2>
      <p className="muted">{t("planPolicy.lprIntro")}</p>
      {lpr.isPending && <p className="muted">{t("common.loading")}</p>}
      <ErrorMessage error={lpr.error} />
      <SuccessMessage>{notice}</SuccessMessage>
      {lpr.data !== undefined && (
        <LprForm
          key={JSON.stringify(lpr.data)}
          org={org}
          table={lpr.data}
          onSaved={(saved) => setNotice(t("planPolicy.lprSaved", { count: saved.entries.length }))}
          onEdit={() => setNotice(null)}
        />
      )}
    </section>
  );
}
