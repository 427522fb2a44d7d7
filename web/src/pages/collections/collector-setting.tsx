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
import { collectionsPath, useCollectionsChanged, useWorklist } from "./collections-queries.ts";

type Current =
  | { readonly state: "loading" }
  | { readonly state: "known"; readonly userId: string | null; readonly name: string | null }
  | { readonly state: "unknown" };

/**
 * The customer's collector as far as the API tells it. The customer record does not carry it; the
 * worklist does, for the customers on it (in arrears, with a task or a follow-up due). A collector
 * sees their own customers and the unassigned ones, so for them a customer on neither list is
 * someone else's — or not on the worklist at all.
 */
function useCurrentCollector(
  org: OrganizationOfUser,
  customerId: string,
  myUserId: string | undefined,
): Current {
  const collector = org.role === "collector";
  const all = useWorklist(org.orgId, "all", !collector);
  const mine = useWorklist(org.orgId, "me", collector);
  const unassigned = useWorklist(org.orgId, "unassigned", collector);
  if (!collector) {
    if (all.data === undefined) return all.isError ? { state: "unknown" } : { state: "loading" };
    const row = all.data.items.find((entry) => entry.customerId === customerId);
    return row === undefined
      ? { state: "unknown" }
      : { state: "known", userId: row.collectorUserId, name: row.collectorName };
  }
  if (mine.data === undefined || unassigned.data === undefined) {
    return mine.isError || unassigned.isError ? { state: "unknown" } : { state: "loading" };
  }
  const own = mine.data.items.find((entry) => entry.customerId === customerId);
  if (own !== undefined) return { state: "known", userId: myUserId ?? null, name: own.collectorName };
  if (unassigned.data.items.some((entry) => entry.customerId === customerId)) {
    return { state: "known", userId: null, name: null };
  }
  return { state: "unknown" };
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
  const current = useCurrentCollector(org, customerId, me?.userId);
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
