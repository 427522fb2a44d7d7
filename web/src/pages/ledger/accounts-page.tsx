import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { accountCodeLengthMax, accountNameLengthMax } from "../../../../src/domain/ledger/index.ts";
import { api } from "../../api/client.ts";
import type { LedgerAccount, OrganizationOfUser } from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { Link } from "../../components/link.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { accountName, parentCodes } from "./ledger-format.ts";
import { ledgerPath, useAccounts, useLedgerChanged } from "./ledger-queries.ts";

interface NewSubAccount {
  readonly parentCode: string;
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
}

function NewSubAccountDialog(props: {
  readonly orgId: string;
  readonly parent: LedgerAccount;
  readonly onCreated: (account: LedgerAccount) => void;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const { parent } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const ledgerChanged = useLedgerChanged(props.orgId);
  const [code, setCode] = useState(parent.code);
  const [nameZh, setNameZh] = useState("");
  const [nameEn, setNameEn] = useState("");
  const language = currentLanguage();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    codeInput.current?.focus();
    return () => element.close();
  }, []);

  const create = useMutation({
    mutationFn: (body: NewSubAccount) => api.post<LedgerAccount>(ledgerPath(props.orgId, "accounts"), body),
    onSuccess: (account) => {
      ledgerChanged();
      props.onCreated(account);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    create.mutate({
      parentCode: parent.code,
      code: code.trim(),
      nameZh: nameZh.trim(),
      nameEn: nameEn.trim(),
    });
  }

  return (
    <dialog
      ref={dialog}
      className="dialog dialog-form"
      aria-labelledby="new-account-title"
      data-testid="new-account-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!create.isPending) props.onClose();
      }}
    >
      <h2 id="new-account-title">{t("accounts.newTitle")}</h2>
      <form className="form-stack" onSubmit={submit} noValidate>
        <ErrorMessage error={create.error} />
        <dl className="details details-compact">
          <dt>{t("accounts.parent")}</dt>
          <dd>
            <span className="mono">{parent.code}</span> {accountName(parent, language)}
          </dd>
        </dl>
        <label className="field">
          <span>{t("accounts.code")}</span>
          <input
            ref={codeInput}
            name="code"
            className="mono"
            inputMode="numeric"
            required
            maxLength={accountCodeLengthMax}
            aria-describedby="new-account-code-hint"
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
          <span id="new-account-code-hint" className="subtle">
            {t("accounts.codeHint", { parent: parent.code })}
          </span>
        </label>
        <div className="form-row">
          <label className="field field-grow">
            <span>{t("accounts.nameZh")}</span>
            <input
              name="nameZh"
              lang="zh-CN"
              required
              maxLength={accountNameLengthMax}
              value={nameZh}
              onChange={(event) => setNameZh(event.target.value)}
            />
          </label>
          <label className="field field-grow">
            <span>{t("accounts.nameEn")}</span>
            <input
              name="nameEn"
              lang="en"
              required
              maxLength={accountNameLengthMax}
              value={nameEn}
              onChange={(event) => setNameEn(event.target.value)}
            />
          </label>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onClose} disabled={create.isPending}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t("accounts.creating") : t("accounts.create")}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** 科目表 as a tree: codes, names in the reader's language, class, side, customer detail, status. */
export function AccountsPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const accounts = useAccounts(org.orgId);
  const ledgerChanged = useLedgerChanged(org.orgId);
  const configurable = can(org, "ledger.configure");
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState<LedgerAccount | null>(null);
  const [toggling, setToggling] = useState<LedgerAccount | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const setActive = useMutation({
    mutationFn: (input: { readonly account: LedgerAccount; readonly active: boolean }) =>
      api.patch<LedgerAccount>(ledgerPath(org.orgId, "accounts", input.account.code), {
        active: input.active,
      }),
    onSuccess: (account) => {
      setToggling(null);
      const values = { code: account.code, name: accountName(account, language) };
      setNotice(account.active ? t("accounts.activated", values) : t("accounts.deactivated", values));
      ledgerChanged();
    },
  });

  const items = accounts.data?.items ?? [];
  const parents = parentCodes(items);
  const byCode = new Map(items.map((account) => [account.code, account]));
  const levelOf = (account: LedgerAccount): number => {
    let level = 1;
    let parent = account.parentCode;
    while (parent !== null) {
      level += 1;
      parent = byCode.get(parent)?.parentCode ?? null;
    }
    return level;
  };
  const hidden = (account: LedgerAccount): boolean => {
    let parent = account.parentCode;
    while (parent !== null) {
      if (collapsed.has(parent)) return true;
      parent = byCode.get(parent)?.parentCode ?? null;
    }
    return false;
  };
  const visible = items.filter((account) => !hidden(account));

  function toggle(code: string): void {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  }

  return (
    <>
      <div className="toolbar toolbar-spread">
        <p className="muted">{t("accounts.intro")}</p>
        {parents.size > 0 && (
          <div className="toolbar-buttons">
            <button type="button" className="button button-small" onClick={() => setCollapsed(new Set())}>
              {t("accounts.expandAll")}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => setCollapsed(new Set(parents))}
            >
              {t("accounts.collapseAll")}
            </button>
          </div>
        )}
      </div>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={accounts.error} />
      {accounts.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-ledger" data-testid="accounts-table">
            <thead>
              <tr>
                <th scope="col">{t("ledger.accountCode")}</th>
                <th scope="col">{t("ledger.accountName")}</th>
                <th scope="col">{t("accounts.type")}</th>
                <th scope="col">{t("accounts.normalBalance")}</th>
                <th scope="col">{t("accounts.control")}</th>
                <th scope="col">{t("accounts.roles")}</th>
                <th scope="col">{t("accounts.status")}</th>
                {configurable && (
                  <th scope="col" className="cell-actions">
                    {t("accounts.actions")}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {visible.map((account) => {
                const isParent = parents.has(account.code);
                const open = !collapsed.has(account.code);
                const name = accountName(account, language);
                return (
                  <tr
                    key={account.code}
                    data-code={account.code}
                    className={account.active ? undefined : "row-inactive"}
                  >
                    <td className="nowrap">
                      <span className="tree-cell" data-level={levelOf(account)}>
                        {isParent ? (
                          <button
                            type="button"
                            className="tree-toggle"
                            aria-expanded={open}
                            aria-label={
                              open
                                ? t("accounts.collapse", { code: account.code })
                                : t("accounts.expand", { code: account.code })
                            }
                            onClick={() => toggle(account.code)}
                          >
                            {open ? "▾" : "▸"}
                          </button>
                        ) : (
                          <span className="tree-toggle-space" />
                        )}
                        <Link
                          className="mono"
                          to={orgPagePath(org.orgId, "ledger", "general-ledger", { account: account.code })}
                          title={t("accounts.openLedger", { code: account.code })}
                        >
                          {account.code}
                        </Link>
                      </span>
                    </td>
                    <td>{name}</td>
                    <td>{t(`ledger.accountTypes.${account.type}`)}</td>
                    <td>{t(`ledger.normalBalances.${account.normalBalance}`)}</td>
                    <td>{account.receivablesControl ? t("accounts.controlYes") : ""}</td>
                    <td>
                      {account.roles.map((role) => (
                        <span key={role} className="tag tag-plain">
                          {t(`ledger.accountRoles.${role}`)}
                        </span>
                      ))}
                    </td>
                    <td>
                      <span className={`status status-${account.active ? "active" : "revoked"}`}>
                        {account.active ? t("accounts.active") : t("accounts.inactive")}
                      </span>
                    </td>
                    {configurable && (
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={t("accounts.addSubOf", { code: account.code })}
                          onClick={() => {
                            setNotice(null);
                            setAdding(account);
                          }}
                        >
                          {t("accounts.addSub")}
                        </button>{" "}
                        <button
                          type="button"
                          className={
                            account.active ? "button button-small button-danger-quiet" : "button button-small"
                          }
                          onClick={() => {
                            setNotice(null);
                            setActive.reset();
                            setToggling(account);
                          }}
                        >
                          {account.active ? t("accounts.deactivate") : t("accounts.activate")}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
              {items.length === 0 && (
                <tr>
                  <td colSpan={configurable ? 8 : 7} className="table-empty">
                    {t("accounts.empty")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {adding !== null && (
        <NewSubAccountDialog
          orgId={org.orgId}
          parent={adding}
          onClose={() => setAdding(null)}
          onCreated={(account) => {
            setAdding(null);
            setCollapsed((current) => {
              const next = new Set(current);
              next.delete(adding.code);
              return next;
            });
            setNotice(t("accounts.created", { code: account.code, name: accountName(account, language) }));
          }}
        />
      )}
      <ConfirmDialog
        open={toggling !== null}
        title={toggling?.active === false ? t("accounts.activateTitle") : t("accounts.deactivateTitle")}
        question={
          toggling?.active === false
            ? t("accounts.activateQuestion", {
                code: toggling.code,
                name: accountName(toggling, language),
              })
            : t("accounts.deactivateQuestion", {
                code: toggling?.code ?? "",
                name: toggling === null ? "" : accountName(toggling, language),
              })
        }
        consequence={
          toggling?.active === false ? t("accounts.activateConsequence") : t("accounts.deactivateConsequence")
        }
        confirmLabel={toggling?.active === false ? t("accounts.activate") : t("accounts.deactivate")}
        pendingLabel={toggling?.active === false ? t("accounts.activating") : t("accounts.deactivating")}
        pending={setActive.isPending}
        error={setActive.error}
        onConfirm={() => {
          if (toggling !== null) setActive.mutate({ account: toggling, active: !toggling.active });
        }}
        onCancel={() => setToggling(null)}
      />
    </>
  );
}
