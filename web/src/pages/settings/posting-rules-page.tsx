import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  accountRoles,
  amountExpressionLengthMax,
  parseAmountExpression,
  ruleLinesMax,
  sides,
} from "../../../../src/domain/ledger/index.ts";
import { api } from "../../api/client.ts";
import type {
  AccountRole,
  EventType,
  LedgerAccount,
  OrganizationOfUser,
  PostingRulesResponse,
  PostingRuleView,
  RuleLine,
  Side,
} from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { AccountOptions } from "../ledger/account-options.tsx";
import { accountName, parentCodes } from "../ledger/ledger-format.ts";
import { ledgerPath, useAccounts } from "../ledger/ledger-queries.ts";

function rulesKey(orgId: string) {
  return [...queryKeys.ledger(orgId), "posting-rules"] as const;
}

function isSide(value: string): value is Side {
  return (sides as ReadonlyArray<string>).includes(value);
}

function isAccountRole(value: string): value is AccountRole {
  return (accountRoles as ReadonlyArray<string>).includes(value);
}

type RuleCheck =
  | { readonly kind: "balanced" }
  | { readonly kind: "invalid"; readonly line: number }
  | { readonly kind: "unbalanced"; readonly names: ReadonlyArray<string> };

/**
 * The same proof the server makes before it saves (src/domain/ledger/posting-rules.ts): for every
 * independent amount of the event, debit coefficients equal credit coefficients. Shown as one
 * types; the server's answer on Save is the one that counts.
 */
function checkRule(eventType: EventType, lines: ReadonlyArray<RuleLine>): RuleCheck {
  const net = new Map<string, bigint>();
  for (const [index, line] of lines.entries()) {
    const parsed = parseAmountExpression(eventType, line.amount);
    if (!parsed.ok) return { kind: "invalid", line: index + 1 };
    const sign = line.side === "debit" ? 1n : -1n;
    for (const [name, factor] of parsed.coefficients) net.set(name, (net.get(name) ?? 0n) + sign * factor);
  }
  const names = [...net].filter(([, factor]) => factor !== 0n).map(([name]) => name);
  return names.length === 0 ? { kind: "balanced" } : { kind: "unbalanced", names };
}

function useAmountName(): (name: string) => string {
  const { t } = useTranslation();
  return (name) => {
    const label = t(`postingRules.amountNames.${name}` as "postingRules.amountNames.net", {
      defaultValue: name,
    });
    return label === name ? name : t("postingRules.amountWithName", { name, label });
  };
}

function RuleEditor(props: {
  readonly orgId: string;
  readonly rule: PostingRuleView;
  readonly roleAccounts: ReadonlyMap<AccountRole, string>;
  readonly onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const amountName = useAmountName();
  const { rule } = props;
  const [lines, setLines] = useState<ReadonlyArray<RuleLine>>(rule.lines);
  const save = useMutation({
    mutationFn: (body: { readonly eventType: EventType; readonly lines: ReadonlyArray<RuleLine> }) =>
      api.put<PostingRulesResponse>(ledgerPath(props.orgId, "posting-rules"), body),
    onSuccess: (response) => {
      queryClient.setQueryData(rulesKey(props.orgId), response);
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(props.orgId) });
      props.onDone(true);
    },
  });
  const check = checkRule(rule.eventType, lines);

  function change(index: number, patch: Partial<RuleLine>): void {
    if (save.error !== null) save.reset();
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    save.mutate({
      eventType: rule.eventType,
      lines: lines.map((line) => ({ ...line, amount: line.amount.trim() })),
    });
  }

  let checkText: string;
  switch (check.kind) {
    case "balanced":
      checkText = t("postingRules.checkBalanced");
      break;
    case "invalid":
      checkText = t("postingRules.checkInvalid", { n: check.line });
      break;
    case "unbalanced":
      checkText = t("postingRules.checkUnbalanced", { names: check.names.map(amountName).join(", ") });
      break;
  }

  return (
    <form onSubmit={submit} noValidate data-testid="rule-editor">
      <ErrorMessage error={save.error} />
      <div className="table-wrap">
        <table className="table table-form">
          <thead>
            <tr>
              <th scope="col">{t("postingRules.side")}</th>
              <th scope="col">{t("postingRules.roleAccount")}</th>
              <th scope="col">{t("postingRules.amount")}</th>
              <th scope="col">{t("postingRules.customer")}</th>
              <th scope="col" className="cell-actions">
                <span className="visually-hidden">{t("accounts.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => {
              const n = index + 1;
              return (
                // Lines have no identity of their own but their place: the server names them by index too.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <tr key={index} data-testid="rule-editor-line">
                  <td>
                    <select
                      className="cell-input"
                      aria-label={t("postingRules.sideOf", { n })}
                      value={line.side}
                      onChange={(event) => {
                        if (isSide(event.target.value)) change(index, { side: event.target.value });
                      }}
                    >
                      {sides.map((side) => (
                        <option key={side} value={side}>
                          {t(`ledger.sides.${side}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      className="cell-input"
                      aria-label={t("postingRules.roleOf", { n })}
                      value={line.role}
                      onChange={(event) => {
                        if (isAccountRole(event.target.value)) change(index, { role: event.target.value });
                      }}
                    >
                      {accountRoles.map((role) => (
                        <option key={role} value={role}>
                          {t(`ledger.accountRoles.${role}`)}
                          {props.roleAccounts.has(role) ? ` · ${props.roleAccounts.get(role)}` : ""}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      className="cell-input mono"
                      aria-label={t("postingRules.amountOf", { n })}
                      aria-invalid={check.kind === "invalid" && check.line === n}
                      maxLength={amountExpressionLengthMax}
                      value={line.amount}
                      onChange={(event) => change(index, { amount: event.target.value })}
                    />
                  </td>
                  <td>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        className="checkbox-input"
                        checked={line.customer}
                        onChange={(event) => change(index, { customer: event.target.checked })}
                      />
                      <span className="visually-hidden">{t("postingRules.customerOf", { n })}</span>
                      <span aria-hidden="true">{t("postingRules.customerYes")}</span>
                    </label>
                  </td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small button-danger-quiet"
                      aria-label={t("postingRules.removeLine", { n })}
                      onClick={() => {
                        if (save.error !== null) save.reset();
                        setLines((current) => current.filter((_, i) => i !== index));
                      }}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
            {lines.length === 0 && (
              <tr>
                <td colSpan={5} className="table-empty">
                  {t("postingRules.noLines")}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="subtle">{t("postingRules.expressionHint")}</p>
      <p
        className={
          check.kind === "balanced"
            ? "balance-status rule-check balance-ok"
            : "balance-status rule-check balance-off"
        }
        role="status"
        data-testid="rule-check"
        data-balanced={check.kind === "balanced"}
      >
        {checkText}
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={lines.length >= ruleLinesMax}
          onClick={() =>
            setLines((current) => [
              ...current,
              { side: "debit", role: "receivables", amount: "", customer: false },
            ])
          }
        >
          {t("postingRules.addLine")}
        </button>
        <span className="form-actions-spacer" />
        <button
          type="button"
          className="button"
          onClick={() => props.onDone(false)}
          disabled={save.isPending}
        >
          {t("common.cancel")}
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}

function RuleCard(props: {
  readonly orgId: string;
  readonly rule: PostingRuleView;
  readonly roleAccounts: ReadonlyMap<AccountRole, string>;
  readonly accounts: ReadonlyMap<string, LedgerAccount>;
  readonly configurable: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const language = currentLanguage();
  const amountName = useAmountName();
  const { rule } = props;
  const [editing, setEditing] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const eventName = t(`ledger.eventTypes.${rule.eventType}`);

  const restore = useMutation({
    mutationFn: () =>
      api.put<PostingRulesResponse>(ledgerPath(props.orgId, "posting-rules"), {
        eventType: rule.eventType,
        lines: null,
      }),
    onSuccess: (response) => {
      queryClient.setQueryData(rulesKey(props.orgId), response);
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(props.orgId) });
      setRestoring(false);
      setEditing(false);
      setNotice(t("postingRules.restored", { event: eventName }));
    },
  });

  const derived = Object.entries(rule.derived);
  return (
    <section
      className="card rule-card"
      aria-labelledby={`rule-${rule.eventType}`}
      data-testid="posting-rule"
      data-event-type={rule.eventType}
    >
      <div className="rule-header">
        <h3 id={`rule-${rule.eventType}`}>
          {eventName} <span className="subtle mono">{rule.eventType}</span>
        </h3>
        <span className={rule.isDefault ? "badge badge-quiet" : "badge"} data-testid="rule-badge">
          {rule.isDefault ? t("postingRules.isDefault") : t("postingRules.customized")}
        </span>
        <span className="form-actions-spacer" />
        {props.configurable && !editing && (
          <>
            {!rule.isDefault && (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  restore.reset();
                  setNotice(null);
                  setRestoring(true);
                }}
              >
                {t("postingRules.restoreDefault")}
              </button>
            )}
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {t("postingRules.edit")}
            </button>
          </>
        )}
      </div>
      <p className="rule-amounts">
        <span className="muted">{t("postingRules.amountsLabel")}</span>{" "}
        {rule.amounts.map(amountName).join(", ")}
        {derived.map(([name, parts]) => (
          <span key={name} className="rule-derived">
            {" · "}
            <span className="mono">
              {name} = {parts.join(" + ")}
            </span>
          </span>
        ))}
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      {editing ? (
        <RuleEditor
          orgId={props.orgId}
          rule={rule}
          roleAccounts={props.roleAccounts}
          onDone={(saved) => {
            setEditing(false);
            if (saved) setNotice(t("postingRules.saved", { event: eventName }));
          }}
        />
      ) : rule.lines.length === 0 ? (
        <p className="muted">{t("postingRules.noLines")}</p>
      ) : (
        <table className="table table-compact" data-testid="rule-lines">
          <thead>
            <tr>
              <th scope="col">{t("postingRules.side")}</th>
              <th scope="col">{t("postingRules.roleAccount")}</th>
              <th scope="col">{t("postingRules.amount")}</th>
              <th scope="col">{t("postingRules.customer")}</th>
            </tr>
          </thead>
          <tbody>
            {rule.lines.map((line, index) => {
              const code = props.roleAccounts.get(line.role);
              const account = code === undefined ? undefined : props.accounts.get(code);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a rule's lines are identified by their place
                <tr key={index}>
                  <td className={line.side === "credit" ? "rule-side rule-side-credit" : "rule-side"}>
                    {t(`ledger.sides.${line.side}`)}
                  </td>
                  <td>
                    {code === undefined ? (
                      <span className="warning-text">{t("postingRules.notMapped")}</span>
                    ) : (
                      <>
                        <span className="mono">{code}</span>{" "}
                        {account === undefined ? "" : accountName(account, language)}
                      </>
                    )}
                    <div className="subtle">{t(`ledger.accountRoles.${line.role}`)}</div>
                  </td>
                  <td>
                    <span className="mono">{line.amount}</span>
                  </td>
                  <td>{line.customer ? t("postingRules.customerYes") : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {restoring && (
        <ConfirmDialog
          open={restoring}
          title={t("postingRules.restoreTitle")}
          question={t("postingRules.restoreQuestion", { event: eventName })}
          consequence={t("postingRules.restoreConsequence")}
          confirmLabel={t("postingRules.restore")}
          pendingLabel={t("postingRules.restoring")}
          pending={restore.isPending}
          error={restore.error}
          onConfirm={() => restore.mutate()}
          onCancel={() => setRestoring(false)}
        />
      )}
    </section>
  );
}

function RoleAccounts(props: {
  readonly orgId: string;
  readonly roles: PostingRulesResponse["roles"];
  readonly accounts: ReadonlyArray<LedgerAccount>;
  readonly configurable: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const language = currentLanguage();
  const [notice, setNotice] = useState<string | null>(null);
  const byCode = new Map(props.accounts.map((account) => [account.code, account]));
  const parents = parentCodes(props.accounts);
  const postable = props.accounts.filter((account) => account.active && !parents.has(account.code));

  const assign = useMutation({
    mutationFn: (input: { readonly role: AccountRole; readonly accountCode: string }) =>
      api.put<PostingRulesResponse>(ledgerPath(props.orgId, "account-roles"), input),
    onMutate: () => setNotice(null),
    onSuccess: (response, input) => {
      queryClient.setQueryData(rulesKey(props.orgId), response);
      // The chart shows each account's roles.
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.ledger(props.orgId), "accounts"] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(props.orgId) });
      setNotice(
        t("postingRules.roleSaved", {
          role: t(`ledger.accountRoles.${input.role}`),
          code: input.accountCode,
        }),
      );
    },
  });

  return (
    <section className="card" aria-labelledby="role-accounts-title">
      <h2 id="role-accounts-title">{t("postingRules.rolesTitle")}</h2>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={assign.error} />
      <table className="table table-compact" data-testid="role-accounts">
        <thead>
          <tr>
            <th scope="col">{t("postingRules.role")}</th>
            <th scope="col">{t("postingRules.account")}</th>
          </tr>
        </thead>
        <tbody>
          {props.roles.map(({ role, accountCode }) => {
            const account = accountCode === null ? undefined : byCode.get(accountCode);
            const pending = assign.isPending && assign.variables?.role === role;
            return (
              <tr key={role} data-role={role}>
                <td>
                  {t(`ledger.accountRoles.${role}`)}
                  <div className="subtle mono">{role}</div>
                </td>
                <td>
                  {props.configurable ? (
                    <select
                      aria-label={t("postingRules.accountOfRole", { role: t(`ledger.accountRoles.${role}`) })}
                      value={pending ? (assign.variables?.accountCode ?? "") : (accountCode ?? "")}
                      disabled={pending}
                      onChange={(event) => {
                        if (event.target.value !== "")
                          assign.mutate({ role, accountCode: event.target.value });
                      }}
                    >
                      {accountCode === null && <option value="">{t("postingRules.notMapped")}</option>}
                      <AccountOptions accounts={postable} />
                    </select>
                  ) : accountCode === null ? (
                    <span className="warning-text">{t("postingRules.notMapped")}</span>
                  ) : (
                    <>
                      <span className="mono">{accountCode}</span>{" "}
                      {account === undefined ? "" : accountName(account, language)}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** 记账规则: how each money event posts, and which account fills each role. */
export function PostingRulesPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const configurable = can(org, "ledger.configure");
  const accounts = useAccounts(org.orgId);
  const rules = useQuery({
    queryKey: rulesKey(org.orgId),
    queryFn: () => api.get<PostingRulesResponse>(ledgerPath(org.orgId, "posting-rules")),
  });

  if (rules.isPending || accounts.isPending) {
    return (
      <>
        <ErrorMessage error={rules.error ?? accounts.error} />
        {!rules.isError && !accounts.isError && <p className="muted">{t("common.loading")}</p>}
      </>
    );
  }
  if (rules.isError) return <ErrorMessage error={rules.error} />;
  if (accounts.isError) return <ErrorMessage error={accounts.error} />;

  const roleAccounts = new Map<AccountRole, string>(
    rules.data.roles.flatMap(({ role, accountCode }) =>
      accountCode === null ? [] : [[role, accountCode] as const],
    ),
  );
  const byCode = new Map(accounts.data.items.map((account) => [account.code, account]));

  return (
    <div className="posting-rules">
      <p className="muted">{t("postingRules.intro")}</p>
      <h2>{t("postingRules.rulesTitle")}</h2>
      {rules.data.rules.map((rule) => (
        <RuleCard
          key={rule.eventType}
          orgId={org.orgId}
          rule={rule}
          roleAccounts={roleAccounts}
          accounts={byCode}
          configurable={configurable}
        />
      ))}
      <RoleAccounts
        orgId={org.orgId}
        roles={rules.data.roles}
        accounts={accounts.data.items}
        configurable={configurable}
      />
    </div>
  );
}
