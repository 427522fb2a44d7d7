import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { accountingModes } from "../../../../src/domain/plans/index.ts";
import { api, newIdempotencyKey } from "../../api/client.ts";
import type {
  AccountingMode,
  NewPlanRequest,
  OrganizationOfUser,
  PlanTermsRequest,
  PlanView,
  QuoteRequest,
} from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { FormDialog } from "../../components/form-dialog.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { queryKeys } from "../../query-keys.ts";
import { navigate } from "../../router.ts";
import { planPagePath } from "../../routes.ts";
import { can } from "../../session.ts";
import { percentToShare, readAmount } from "../credit/credit-format.ts";
import { CustomerPicker, type PickedCustomer } from "../ledger/customer-picker.tsx";
import { plansPath } from "./plan-queries.ts";

/** VAT on a sale of goods in China: 13 % (增值税暂行条例 art. 2, as amended 2019). */
const defaultVatPercent = "13";
const noteLengthMax = 500;

/** What makes a design a document besides its terms: how it is booked, its VAT and cost, a note. */
export interface DocumentDraft {
  readonly accountingMode: AccountingMode;
  readonly vatPercent: string;
  readonly cost: string;
  readonly note: string;
}

export const initialDocumentDraft: DocumentDraft = {
  accountingMode: "financed-sale",
  vatPercent: defaultVatPercent,
  cost: "",
  note: "",
};

/**
 * The designer's request as plan terms: the currency is the organization's and is not sent.
 * Whole numbers arrive as typed only while a quote is refused, and a refused quote is never saved.
 */
export function planTermsOf(request: QuoteRequest): PlanTermsRequest {
  const { currency: _currency, periods, graceOnPrincipalPeriods, ...rest } = request;
  return {
    ...rest,
    periods: Number(periods),
    dayCount: request.dayCount ?? "30/360",
    graceOnPrincipalPeriods: Number(graceOnPrincipalPeriods ?? 0),
    interestFree: request.interestFree ?? false,
    roundingMode: request.roundingMode ?? "half-even",
  };
}

/**
 * The body of POST /plans. Installment credit puts what is already owed on installments: it has
 * no VAT and no goods of its own, so neither is sent. A value that cannot be read goes as typed,
 * for the server to name at its field.
 */
export function newPlanBody(options: {
  readonly customerId: string;
  readonly terms: PlanTermsRequest;
  readonly draft: DocumentDraft;
  readonly currency: string;
  readonly offerId?: string;
}): NewPlanRequest {
  const { draft } = options;
  const sale = draft.accountingMode === "financed-sale";
  const vat = draft.vatPercent.trim();
  const cost = readAmount(draft.cost, options.currency);
  const note = draft.note.trim();
  return {
    customerId: options.customerId,
    accountingMode: draft.accountingMode,
    terms: options.terms,
    ...(sale && vat !== "" ? { vatRate: percentToShare(vat) ?? vat } : {}),
    ...(sale && draft.cost.trim() !== "" ? { cost: cost.ok ? (cost.amount ?? "0") : draft.cost.trim() } : {}),
    ...(options.offerId === undefined ? {} : { offerId: options.offerId }),
    ...(note === "" ? {} : { note }),
  };
}

/** Creates the draft plan; on success its page opens. One key per submission: a retry never makes two. */
export function useCreatePlan(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (variables: { readonly body: NewPlanRequest; readonly idempotencyKey: string }) =>
      api.post<PlanView>(plansPath(orgId), variables.body, { "Idempotency-Key": variables.idempotencyKey }),
    onSuccess: (plan) => {
      queryClient.setQueryData(queryKeys.plan(orgId, plan.planId), plan);
      void queryClient.invalidateQueries({ queryKey: queryKeys.plans(orgId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(orgId) });
      navigate(planPagePath(orgId, plan.planId));
    },
  });
}

/** Accounting mode, VAT rate, cost of goods and note: the fields every new plan asks for. */
export function DocumentFields(props: {
  readonly draft: DocumentDraft;
  readonly currency: string;
  readonly disabled: boolean;
  readonly onChange: (draft: DocumentDraft) => void;
}) {
  const { t } = useTranslation();
  const { draft } = props;
  const set = <K extends keyof DocumentDraft>(key: K, value: DocumentDraft[K]) =>
    props.onChange({ ...draft, [key]: value });
  const sale = draft.accountingMode === "financed-sale";
  return (
    <>
      <ChoiceField
        label={t("planDoc.fields.accountingMode")}
        name="accountingMode"
        choices={accountingModes}
        value={draft.accountingMode}
        choiceLabel={(mode) => t(`planDoc.accountingModes.${mode}`)}
        onChange={(mode) => set("accountingMode", mode)}
      />
      {sale && (
        <>
          <TextField
            label={t("planDoc.fields.vatRate")}
            name="vatRate"
            className="input-short"
            inputMode="decimal"
            autoComplete="off"
            disabled={props.disabled}
            value={draft.vatPercent}
            onChange={(value) => set("vatPercent", value)}
          />
          <TextField
            label={t("planDoc.fields.cost", { currency: props.currency })}
            note={t("plans.optional")}
            name="cost"
            className="input-amount"
            inputMode="decimal"
            autoComplete="off"
            disabled={props.disabled}
            value={draft.cost}
            onChange={(value) => set("cost", value)}
          />
        </>
      )}
      <TextField
        label={t("planDoc.fields.note")}
        note={t("plans.optional")}
        name="note"
        wide
        maxLength={noteLengthMax}
        autoComplete="off"
        disabled={props.disabled}
        value={draft.note}
        onChange={(value) => set("note", value)}
      />
      <p className="subtle form-full">
        {sale
          ? t("planDoc.accountingModeHints.financed-sale")
          : t("planDoc.accountingModeHints.installment-credit")}
      </p>
    </>
  );
}

/** A customer chosen by code or name, as the voucher form picks one. */
function CustomerField(props: {
  readonly orgId: string;
  readonly customer: PickedCustomer | null;
  readonly onPick: (customer: PickedCustomer | null) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  return (
    <div className="field" data-field="customerId">
      <span>{t("planDoc.fields.customer")}</span>
      <CustomerPicker
        orgId={props.orgId}
        text={text}
        customer={props.customer}
        label={t("planDoc.fields.customer")}
        invalid={false}
        onText={setText}
        onPick={props.onPick}
      />
    </div>
  );
}

/**
 * "Save as plan" under the designer's result: the terms on screen become a draft plan for a
 * customer. Only a current quote is saved — never the last good one shown while new terms are
 * refused — and only in the organization's currency, the one plans are booked in.
 */
export function SavePlanCard(props: {
  readonly org: OrganizationOfUser;
  /** The terms of the quote on screen, or null while it is not current. */
  readonly request: QuoteRequest | null;
}) {
  const { t } = useTranslation();
  const { org, request } = props;
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [draft, setDraft] = useState<DocumentDraft>(initialDocumentDraft);
  const create = useCreatePlan(org.orgId);
  const onPick = useCallback((picked: PickedCustomer | null) => setCustomer(picked), []);
  if (!can(org, "plans.manage")) return null;
  const otherCurrency = request !== null && request.currency !== org.baseCurrency;
  const ready = request !== null && !otherCurrency && customer !== null;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!ready || create.isPending || request === null || customer === null) return;
    const body = newPlanBody({
      customerId: customer.customerId,
      terms: planTermsOf(request),
      draft,
      currency: org.baseCurrency,
    });
    create.mutate({ body, idempotencyKey: newIdempotencyKey() });
  }

  return (
    <form
      className="card"
      aria-labelledby="save-plan-title"
      data-testid="save-plan"
      data-state={request === null ? "waiting" : "ready"}
      onSubmit={submit}
      noValidate
    >
      <h2 id="save-plan-title">{t("planDoc.saveTitle")}</h2>
      <p className="muted">{t("planDoc.saveIntro")}</p>
      <ErrorMessage error={create.error} />
      <div className="form-grid plans-grid">
        <CustomerField orgId={org.orgId} customer={customer} onPick={onPick} />
        <DocumentFields
          draft={draft}
          currency={org.baseCurrency}
          disabled={create.isPending}
          onChange={(next) => {
            if (create.error !== null) create.reset();
            setDraft(next);
          }}
        />
      </div>
      <div className="form-actions plans-actions">
        <button type="submit" className="button button-primary" disabled={!ready || create.isPending}>
          {create.isPending ? t("common.saving") : t("planDoc.save")}
        </button>
        <span className="muted" data-testid="save-plan-hint">
          {request === null
            ? t("planDoc.saveNeedsQuote")
            : otherCurrency
              ? t("planDoc.saveCurrency", { currency: org.baseCurrency })
              : customer === null
                ? t("planDoc.saveNeedsCustomer")
                : null}
        </span>
      </div>
    </form>
  );
}

/**
 * Terms made elsewhere (a compared design, a customer's offer) saved as a draft plan: the customer
 * is given or picked here, and the same document fields are asked.
 */
export function SavePlanDialog(props: {
  readonly org: OrganizationOfUser;
  readonly title: string;
  readonly intro: string;
  readonly terms: PlanTermsRequest;
  /** Fixed when saving from a customer's page; otherwise picked in the dialog. */
  readonly customer: PickedCustomer | null;
  readonly offerId?: string;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const [picked, setPicked] = useState<PickedCustomer | null>(null);
  const [draft, setDraft] = useState<DocumentDraft>(initialDocumentDraft);
  const create = useCreatePlan(org.orgId);
  const onPick = useCallback((customer: PickedCustomer | null) => setPicked(customer), []);
  const customer = props.customer ?? picked;
  return (
    <FormDialog
      title={props.title}
      intro={props.intro}
      submitLabel={t("planDoc.save")}
      pendingLabel={t("common.saving")}
      pending={create.isPending}
      error={create.error}
      canSubmit={customer !== null}
      testId="save-plan-dialog"
      onSubmit={() => {
        if (customer === null) return;
        const body = newPlanBody({
          customerId: customer.customerId,
          terms: props.terms,
          draft,
          currency: org.baseCurrency,
          ...(props.offerId === undefined ? {} : { offerId: props.offerId }),
        });
        create.mutate({ body, idempotencyKey: newIdempotencyKey() });
      }}
      onCancel={props.onCancel}
    >
      {props.customer === null ? (
        <CustomerField orgId={org.orgId} customer={picked} onPick={onPick} />
      ) : (
        <dl className="details details-compact">
          <dt>{t("planDoc.fields.customer")}</dt>
          <dd>
            <strong>
              <span className="mono">{props.customer.code}</span> {props.customer.name}
            </strong>
          </dd>
        </dl>
      )}
      <DocumentFields
        draft={draft}
        currency={org.baseCurrency}
        disabled={create.isPending}
        onChange={(next) => {
          if (create.error !== null) create.reset();
          setDraft(next);
        }}
      />
    </FormDialog>
  );
}
