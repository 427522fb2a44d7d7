import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  accountingFrameworks,
  defaultCurrency,
  defaultTimeZone,
} from "../../../src/domain/organization/index.ts";
import { api } from "../api/client.ts";
import type { AccountingFramework, Organization } from "../api/types.ts";
import { currentLanguage } from "../i18n/index.ts";
import { sessionKey } from "../session.ts";
import { timeZoneOptions } from "../time-zones.ts";
import { ErrorMessage } from "./error-message.tsx";

/** The currencies a bookkeeping firm's clients keep their books in, most common first. */
const baseCurrencies = [defaultCurrency, "HKD", "USD", "EUR", "JPY", "GBP", "SGD"] as const;

interface NewOrganization {
  readonly name: string;
  readonly baseCurrency: string;
  readonly timeZone: string;
  readonly accountingFramework: AccountingFramework;
}

/** "CNY — 人民币": the code is what the books say, the name is what people read. */
function currencyLabel(code: string, language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: "currency" }).of(code);
    return name === undefined || name === code ? code : `${code} — ${name}`;
  } catch {
    return code;
  }
}

/**
 * A new organization (a bookkeeping firm's new client company, a new set of books). The caller
 * becomes its owner; once the session lists it, the app opens its customers.
 */
export function NewOrganizationDialog(props: {
  readonly onCreated: (organization: Organization) => void;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [baseCurrency, setBaseCurrency] = useState<string>(defaultCurrency);
  const [timeZone, setTimeZone] = useState(defaultTimeZone);
  const [framework, setFramework] = useState<AccountingFramework>("cas");
  const zones = useMemo(() => timeZoneOptions(defaultTimeZone), []);
  const language = currentLanguage();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    nameInput.current?.focus();
    return () => element.close();
  }, []);

  const create = useMutation({
    mutationFn: (body: NewOrganization) => api.post<Organization>("/api/v1/orgs", body),
    onSuccess: async (organization) => {
      // The switcher and the organization's pages read the session: wait until it lists the new one.
      await queryClient.invalidateQueries({ queryKey: sessionKey });
      props.onCreated(organization);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    create.mutate({ name: name.trim(), baseCurrency, timeZone, accountingFramework: framework });
  }

  return (
    <dialog
      ref={dialog}
      className="dialog dialog-form"
      aria-labelledby="new-organization-title"
      data-testid="new-organization-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!create.isPending) props.onClose();
      }}
    >
      <h2 id="new-organization-title">{t("newOrganization.title")}</h2>
      <p className="muted">{t("newOrganization.intro")}</p>
      <form className="form-stack" onSubmit={submit} noValidate data-testid="new-organization-form">
        <ErrorMessage error={create.error} />
        <label className="field">
          <span>{t("organization.name")}</span>
          <input
            ref={nameInput}
            name="name"
            required
            maxLength={200}
            placeholder={t("newOrganization.namePlaceholder")}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <div className="form-row">
          <label className="field">
            <span>{t("organization.baseCurrency")}</span>
            <select
              name="baseCurrency"
              value={baseCurrency}
              onChange={(event) => setBaseCurrency(event.target.value)}
            >
              {baseCurrencies.map((code) => (
                <option key={code} value={code}>
                  {currencyLabel(code, language)}
                </option>
              ))}
            </select>
          </label>
          <label className="field field-grow">
            <span>{t("organization.timeZone")}</span>
            <select name="timeZone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="choices">
          <legend>{t("organization.accountingFramework")}</legend>
          {accountingFrameworks.map((f) => (
            <div key={f} className="choice">
              <input
                type="radio"
                id={`new-organization-framework-${f}`}
                name="accountingFramework"
                value={f}
                checked={framework === f}
                onChange={() => setFramework(f)}
                aria-describedby={`new-organization-framework-${f}-hint`}
              />
              <label htmlFor={`new-organization-framework-${f}`}>{t(`organization.frameworks.${f}`)}</label>
              <p id={`new-organization-framework-${f}-hint`} className="choice-hint">
                {t(`newOrganization.frameworkHints.${f}`)}
              </p>
            </div>
          ))}
        </fieldset>
        <p className="subtle">{t("organization.fixedNote")}</p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onClose} disabled={create.isPending}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t("newOrganization.creating") : t("newOrganization.create")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
