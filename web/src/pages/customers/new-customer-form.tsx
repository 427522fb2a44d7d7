import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { customerKinds } from "../../../../src/domain/credit/index.ts";
import { api, newIdempotencyKey, orgPath } from "../../api/client.ts";
import type { Customer, CustomerKind } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { queryKeys } from "../../query-keys.ts";
import { CodeAndNameFields } from "./customer-fields.tsx";

interface NewCustomer {
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly industry?: string;
  readonly creditCode?: string;
}

export function NewCustomerForm(props: {
  readonly orgId: string;
  readonly onCreated: (customer: Customer) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [kind, setKind] = useState<CustomerKind>("company");
  const [industry, setIndustry] = useState("");
  const [creditCode, setCreditCode] = useState("");

  const create = useMutation({
    // One key per submission: a retry of the same request is answered from the first result.
    mutationFn: (input: { readonly body: NewCustomer; readonly idempotencyKey: string }) =>
      api.post<Customer>(orgPath(props.orgId, "customers"), input.body, {
        "idempotency-key": input.idempotencyKey,
      }),
    onSuccess: (customer) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.customers(props.orgId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(props.orgId) });
      props.onCreated(customer);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const body: NewCustomer = {
      code: code.trim(),
      name: name.trim(),
      kind,
      ...(industry.trim() === "" ? {} : { industry: industry.trim() }),
      ...(creditCode.trim() === "" ? {} : { creditCode: creditCode.trim() }),
    };
    create.mutate({ body, idempotencyKey: newIdempotencyKey() });
  }

  return (
    <section className="card" aria-labelledby="new-customer-title">
      <h2 id="new-customer-title">{t("customers.newCustomerTitle")}</h2>
      <ErrorMessage error={create.error} />
      <form className="form-grid" onSubmit={submit} noValidate data-testid="new-customer-form">
        <CodeAndNameFields code={code} name={name} onCodeChange={setCode} onNameChange={setName} />
        <ChoiceField
          label={t("customers.kind")}
          name="kind"
          choices={customerKinds}
          value={kind}
          choiceLabel={(k) => t(`customers.kinds.${k}`)}
          onChange={setKind}
        />
        <TextField
          label={t("customers.industry")}
          note={t("customers.optional")}
          name="industry"
          maxLength={100}
          value={industry}
          onChange={setIndustry}
        />
        <TextField
          label={t("customers.creditCode")}
          note={t("customers.optional")}
          name="creditCode"
          maxLength={32}
          value={creditCode}
          onChange={setCreditCode}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t("customers.creating") : t("customers.create")}
          </button>
          <button type="button" className="button" onClick={props.onCancel} disabled={create.isPending}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </section>
  );
}
