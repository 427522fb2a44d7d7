import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  nonNegativeStatementItems,
  type StatementSection,
  statementItemSection,
  statementItems,
  statementMonthsMax,
  statementSections,
} from "../../../../src/domain/credit/index.ts";
import { api, isApiError } from "../../api/client.ts";
import type { FieldIssue, ItemList, OrganizationOfUser, Statement, StatementItem } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatAmount, formatDate, formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { issuePath, issueText, readAmount } from "./credit-format.ts";
import { customerPath, useCreditChanged } from "./credit-queries.ts";

type Drafts = { readonly [Item in StatementItem]: string };

const emptyDrafts = Object.fromEntries(statementItems.map((item) => [item, ""])) as Drafts;
const monthChoices = Array.from({ length: statementMonthsMax }, (_, i) => statementMonthsMax - i);

function itemsOf(section: StatementSection): ReadonlyArray<StatementItem> {
  return statementItems.filter((item) => statementItemSection[item] === section);
}

function isStatementItem(value: string): value is StatementItem {
  return (statementItems as ReadonlyArray<string>).includes(value);
}

/** "items.totalAssets" or "totalAssets" → 资产总计; anything else as the server wrote it. */
function IssueLines(props: { readonly issues: ReadonlyArray<FieldIssue> }) {
  const { t } = useTranslation();
  return (
    <ul>
      {props.issues.map((issue) => {
        const last = issuePath(issue).split(".").at(-1) ?? "";
        const field = isStatementItem(last) ? t(`credit.items.${last}`) : last;
        return (
          <li key={`${issue.path}:${issue.code}`} data-code={issue.code}>
            {field === "" ? issueText(issue, t) : t("errors.issue", { field, problem: issueText(issue, t) })}
          </li>
        );
      })}
    </ul>
  );
}

function StatementForm(props: {
  readonly org: OrganizationOfUser;
  readonly customerId: string;
  readonly onSaved: (statement: Statement) => void;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const currency = org.baseCurrency;
  const creditChanged = useCreditChanged(org.orgId);
  const [periodEnd, setPeriodEnd] = useState("");
  const [months, setMonths] = useState(12);
  const [drafts, setDrafts] = useState<Drafts>(emptyDrafts);
  const [replace, setReplace] = useState(false);

  const parsed = statementItems.map((item) => ({
    item,
    read: readAmount(drafts[item], currency, { negative: !nonNegativeStatementItems.includes(item) }),
  }));
  const valid = parsed.every(({ read }) => read.ok);
  const anyItem = parsed.some(({ read }) => read.ok && read.amount !== null);

  const save = useMutation({
    mutationFn: (body: unknown) =>
      api.post<Statement>(customerPath(org.orgId, props.customerId, "statements"), body),
    onSuccess: (statement) => {
      creditChanged();
      setDrafts(emptyDrafts);
      setPeriodEnd("");
      setReplace(false);
      props.onSaved(statement);
    },
  });
  const conflict = isApiError(save.error) && save.error.code === "CONFLICT";
  const fieldIssues = new Map<string, string>();
  if (isApiError(save.error)) {
    for (const issue of save.error.issues) {
      const last = issuePath(issue).split(".").at(-1) ?? "";
      fieldIssues.set(last, issueText(issue, t));
    }
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!valid || periodEnd === "" || !anyItem) return;
    const items = Object.fromEntries(parsed.map(({ item, read }) => [item, read.ok ? read.amount : null]));
    save.mutate({ periodEnd, months, currency, items, ...(replace ? { replace: true } : {}) });
  }

  return (
    <section className="card" aria-labelledby="statement-form-title">
      <h2 id="statement-form-title">{t("statements.formTitle")}</h2>
      <p className="muted">{t("statements.formHint", { currency })}</p>
      <ErrorMessage error={save.error} />
      {conflict && <p className="notice notice-info">{t("statements.conflictHint")}</p>}
      <form onSubmit={submit} noValidate data-testid="statement-form">
        <div className="form-row">
          <label className="field">
            <span>{t("statements.periodEnd")}</span>
            <input
              type="date"
              name="periodEnd"
              required
              value={periodEnd}
              aria-invalid={fieldIssues.has("periodEnd")}
              onChange={(event) => setPeriodEnd(event.target.value)}
            />
            {fieldIssues.has("periodEnd") && (
              <span className="field-error">{fieldIssues.get("periodEnd")}</span>
            )}
          </label>
          <label className="field">
            <span>{t("statements.months")}</span>
            <select name="months" value={months} onChange={(event) => setMonths(Number(event.target.value))}>
              {monthChoices.map((n) => (
                <option key={n} value={n}>
                  {t("statements.monthsOption", { count: n })}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              className="checkbox-input"
              name="replace"
              checked={replace}
              onChange={(event) => setReplace(event.target.checked)}
            />
            <span>{t("statements.replace")}</span>
          </label>
        </div>
        <div className="statement-sections">
          {statementSections.map((section) => (
            <fieldset key={section} className="statement-section">
              <legend>{t(`statements.sections.${section}`)}</legend>
              {itemsOf(section).map((item) => {
                const read = parsed.find((p) => p.item === item)?.read;
                const problem = read?.ok === false ? t("voucherForm.invalidAmount") : fieldIssues.get(item);
                return (
                  <label key={item} className="field statement-item">
                    <span>{t(`credit.items.${item}`)}</span>
                    <input
                      name={item}
                      inputMode="decimal"
                      autoComplete="off"
                      className="input-amount"
                      value={drafts[item]}
                      aria-invalid={problem !== undefined}
                      onChange={(event) => setDrafts({ ...drafts, [item]: event.target.value })}
                    />
                    {problem !== undefined && <span className="field-error">{problem}</span>}
                  </label>
                );
              })}
            </fieldset>
          ))}
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending || !valid || periodEnd === "" || !anyItem}
          >
            {save.isPending ? t("common.saving") : t("statements.save")}
          </button>
        </div>
      </form>
    </section>
  );
}

function StatementItemsTable(props: { readonly statement: Statement }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <dl className="details details-compact statement-items">
      {statementItems.map((item) => {
        const value = props.statement.items[item];
        return (
          <Fragment key={item}>
            <dt>{t(`credit.items.${item}`)}</dt>
            <dd className="cell-figure">
              {value === null ? t("common.none") : formatAmount(value, language)}
            </dd>
          </Fragment>
        );
      })}
    </dl>
  );
}

/** A customer's financial statements by period, newest first, and the form to key one in. */
export function StatementsSection(props: { readonly org: OrganizationOfUser; readonly customerId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org } = props;
  const manage = can(org, "credit.manage");
  const [open, setOpen] = useState<string | null>(null);
  const [saved, setSaved] = useState<Statement | null>(null);

  const statements = useQuery({
    queryKey: [...queryKeys.customerCredit(org.orgId, props.customerId), "statements"],
    queryFn: () => api.get<ItemList<Statement>>(customerPath(org.orgId, props.customerId, "statements")),
  });
  const items = statements.data?.items ?? [];

  return (
    <>
      {saved !== null && (
        <div
          role="status"
          className={saved.warnings.length > 0 ? "notice notice-warning" : "notice notice-success"}
          data-testid="statement-saved"
        >
          <p>{t("statements.saved", { date: formatDate(saved.periodEnd, language) })}</p>
          {saved.warnings.length > 0 && (
            <>
              <p className="notice-detail">{t("statements.warnings")}</p>
              <IssueLines issues={saved.warnings} />
            </>
          )}
        </div>
      )}
      <ErrorMessage error={statements.error} />
      <ListTable
        pending={statements.isPending}
        testId="statements-table"
        head={
          <>
            <th scope="col">{t("statements.periodEnd")}</th>
            <th scope="col">{t("statements.months")}</th>
            <th scope="col">{t("statements.currency")}</th>
            <th scope="col" className="cell-amount">
              {t("credit.items.revenue")}
            </th>
            <th scope="col" className="cell-amount">
              {t("credit.items.equity")}
            </th>
            <th scope="col">{t("statements.source")}</th>
            <th scope="col">{t("statements.entered")}</th>
            <th scope="col">{t("statements.warningsColumn")}</th>
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">{t("accounts.actions")}</span>
            </th>
          </>
        }
        columnCount={9}
        rowCount={items.length}
        emptyText={t("statements.empty")}
      >
        {items.map((statement) => (
          <Fragment key={statement.statementId}>
            <tr data-period-end={statement.periodEnd}>
              <td>{formatDate(statement.periodEnd, language)}</td>
              <td>{t("statements.monthsOption", { count: statement.months })}</td>
              <td>{statement.currency}</td>
              <td className="cell-amount">
                {statement.items.revenue === null
                  ? t("common.none")
                  : formatAmount(statement.items.revenue, language)}
              </td>
              <td className="cell-amount">
                {statement.items.equity === null
                  ? t("common.none")
                  : formatAmount(statement.items.equity, language)}
              </td>
              <td>{t(`statements.sources.${statement.source}`)}</td>
              <td>
                {formatInstant(statement.createdAt, org.timeZone, language)}
                <div className="subtle">{statement.createdBy}</div>
              </td>
              <td>
                {statement.warnings.length === 0 ? (
                  t("common.none")
                ) : (
                  <span
                    className="tag tag-warning"
                    title={statement.warnings.map((w) => w.message).join("\n")}
                  >
                    {t("statements.warningCount", { count: statement.warnings.length })}
                  </span>
                )}
              </td>
              <td className="cell-actions">
                <button
                  type="button"
                  className="button button-small"
                  aria-expanded={open === statement.statementId}
                  onClick={() => setOpen(open === statement.statementId ? null : statement.statementId)}
                >
                  {open === statement.statementId ? t("statements.hide") : t("statements.show")}
                </button>
              </td>
            </tr>
            {open === statement.statementId && (
              <tr>
                <td colSpan={9}>
                  <StatementItemsTable statement={statement} />
                  {statement.warnings.length > 0 && <IssueLines issues={statement.warnings} />}
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </ListTable>
      {manage && <StatementForm org={org} customerId={props.customerId} onSaved={setSaved} />}
    </>
  );
}
