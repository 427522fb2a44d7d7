import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { CollectorAssigned } from "../../api/collections-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { can, useSession } from "../../session.ts";
import { useMembers } from "../credit/credit-queries.ts";
import { collectionsIssues, FieldProblem } from "./collections-format.tsx";
import { collectionsPath, useCollectionsChanged, useCustomerCollections } from "./collections-queries.ts";

type Current =
  | { readonly state: "loading" }
  | { readonly state: "known"; readonly userId: string | null; readonly name: string | null }
  | { readonly state: "unknown" };

/** The customer's collector, as its collections timeline names it (null: nobody). */
function useCurrentCollector(org: OrganizationOfUser, customerId: string): Current {
  const collections = useCustomerCollections(org.orgId, customerId);
  if (collections.data === undefined)
    return collections.isError ? { state: "unknown" } : { state: "loading" };
  const collector = collections.data.collector;
  return collector === null
    ? { state: "known", userId: null, name: null }
    : { state: "known", userId: collector.userId, name: collector.name };
}

/**
 * Who chases the customer, and changing it (collections.manage): to any member when the members
 * may be read, else to oneself or to nobody.
 */
export function CollectorSetting(props: { readonly org: OrganizationOfUser; readonly customerId: string }) {
  const { t } = useTranslation();
  const { org, customerId } = props;
  const session = useSession();
  const me = session.data?.user;
  const members = useMembers(org.orgId, can(org, "members.read"));
  const current = useCurrentCollector(org, customerId);
  const collectionsChanged = useCollectionsChanged(org.orgId);
  const [choice, setChoice] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const assign = useMutation({
    mutationFn: (userId: string | null) =>
      api.put<CollectorAssigned>(collectionsPath(org.orgId, "customers", customerId, "collector"), {
        userId,
      }),
    onMutate: () => setNotice(null),
    onSuccess: (assigned) => {
      collectionsChanged();
      setChoice(null);
      const name = nameOf(assigned.collectorUserId);
      setNotice(
        name === null
          ? t("collections.customer.collectorCleared")
          : t("collections.customer.collectorAssigned", { name }),
      );
    },
  });
  const issues = collectionsIssues(assign.error, t);

  const people =
    members.data?.items ?? (me === undefined ? [] : [{ userId: me.userId, displayName: me.displayName }]);
  function nameOf(userId: string | null): string | null {
    if (userId === null) return null;
    return people.find((person) => person.userId === userId)?.displayName ?? userId;
  }
  const currentId = current.state === "known" ? current.userId : null;
  const selected = choice ?? currentId ?? "";

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    assign.mutate(selected === "" ? null : selected);
  }

  let shown: string;
  switch (current.state) {
    case "loading":
      shown = t("common.loading");
      break;
    case "unknown":
      shown = t("collections.customer.collectorUnknown");
      break;
    case "known":
      shown =
        current.userId === null
          ? t("collections.worklist.nobody")
          : (current.name ?? nameOf(current.userId) ?? current.userId);
      break;
  }

  return (
    <section className="card" aria-labelledby="customer-collector-title" data-testid="customer-collector">
      <h2 id="customer-collector-title">{t("collections.customer.collectorTitle")}</h2>
      <p data-testid="customer-collector-name" data-state={current.state}>
        {shown}
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={assign.error} />
      {can(org, "collections.manage") && (
        <form className="inline-form" onSubmit={submit} noValidate>
          <label className="field field-grow">
            <span>{t("collections.customer.assignTo")}</span>
            <select
              name="collector"
              value={selected}
              aria-invalid={issues.has("userId")}
              onChange={(event) => {
                assign.reset();
                setChoice(event.target.value);
              }}
            >
              <option value="">{t("collections.worklist.nobody")}</option>
              {people.map((person) => (
                <option key={person.userId} value={person.userId}>
                  {person.displayName}
                </option>
              ))}
            </select>
            <FieldProblem issues={issues} path="userId" />
          </label>
          <button type="submit" className="button" disabled={assign.isPending || choice === null}>
            {assign.isPending ? t("common.saving") : t("collections.customer.assign")}
          </button>
        </form>
      )}
    </section>
  );
}
