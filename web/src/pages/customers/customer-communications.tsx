import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { contactChannels } from "../../../../src/domain/credit/index.ts";
import { api, orgPath } from "../../api/client.ts";
import type { Communication, ContactChannel, OrganizationOfUser } from "../../api/types.ts";
import { instantOfWallTime } from "../../business-date.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { useCustomerItems } from "./customer-queries.ts";

const summaryLengthMax = 2000;

function LogForm(props: { readonly org: OrganizationOfUser; readonly customerId: string }) {
  const { t } = useTranslation();
  const { org } = props;
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<ContactChannel>("phone");
  const [summary, setSummary] = useState("");
  const [occurredAt, setOccurredAt] = useState("");
  const instant = occurredAt === "" ? null : instantOfWallTime(occurredAt, org.timeZone);

  const log = useMutation({
    mutationFn: (body: unknown) =>
      api.post<Communication>(orgPath(org.orgId, "customers", props.customerId, "communications"), body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.customer(org.orgId, props.customerId) });
      setSummary("");
      setOccurredAt("");
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    log.mutate({ channel, summary: summary.trim(), ...(instant === null ? {} : { occurredAt: instant }) });
  }

  return (
    <section className="card" aria-labelledby="log-title">
      <h2 id="log-title">{t("communications.addTitle")}</h2>
      <ErrorMessage error={log.error} />
      <form className="form-stack" onSubmit={submit} noValidate data-testid="log-form">
        <div className="form-row">
          <ChoiceField
            label={t("communications.channel")}
            name="channel"
            choices={contactChannels}
            value={channel}
            choiceLabel={(c) => t(`contacts.channels.${c}`)}
            onChange={setChannel}
          />
          <TextField
            label={t("communications.occurredAt", { timeZone: org.timeZone })}
            note={t("communications.nowIfEmpty")}
            type="datetime-local"
            name="occurredAt"
            value={occurredAt}
            onChange={setOccurredAt}
          />
        </div>
        <label className="field">
          <span>{t("communications.summary")}</span>
          <textarea
            name="summary"
            rows={3}
            required
            maxLength={summaryLengthMax}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
          />
        </label>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={log.isPending || summary.trim() === ""}
          >
            {log.isPending ? t("common.saving") : t("communications.add")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Calls, emails, visits and letters, newest first: what was said to the customer and when. */
export function CustomerCommunications(props: {
  readonly org: OrganizationOfUser;
  readonly customerId: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, customerId } = props;
  const entries = useCustomerItems<Communication>(org.orgId, customerId, "communications");
  const items = entries.data?.items ?? [];

  return (
    <>
      {can(org, "customers.write") && <LogForm org={org} customerId={customerId} />}
      <ErrorMessage error={entries.error} />
      <ListTable
        pending={entries.isPending}
        testId="communications-table"
        head={
          <>
            <th scope="col">{t("communications.when", { timeZone: org.timeZone })}</th>
            <th scope="col">{t("communications.channel")}</th>
            <th scope="col">{t("communications.summary")}</th>
            <th scope="col">{t("communications.author")}</th>
          </>
        }
        columnCount={4}
        rowCount={items.length}
        emptyText={t("communications.empty")}
      >
        {items.map((entry) => (
          <tr key={entry.entryId}>
            <td className="nowrap">{formatInstant(entry.occurredAt, org.timeZone, language)}</td>
            <td>{t(`contacts.channels.${entry.channel}`)}</td>
            <td className="pre-wrap">{entry.summary}</td>
            <td>{entry.author}</td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
