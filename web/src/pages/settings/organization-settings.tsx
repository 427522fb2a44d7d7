import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type { Organization, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can, sessionKey } from "../../session.ts";
import { timeZoneOptions } from "../../time-zones.ts";

function OrganizationForm(props: { readonly organization: Organization; readonly onSaved: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { organization } = props;
  const [name, setName] = useState(organization.name);
  const [timeZone, setTimeZone] = useState(organization.timeZone);
  const zones = useMemo(() => timeZoneOptions(organization.timeZone), [organization.timeZone]);

  const save = useMutation({
    mutationFn: (patch: { readonly name?: string; readonly timeZone?: string }) =>
      api.patch<Organization>(orgPath(organization.orgId), patch),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.organization(saved.orgId), saved);
      // The switcher and the audit times read the organization from the session.
      void queryClient.invalidateQueries({ queryKey: sessionKey });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(saved.orgId) });
      props.onSaved();
    },
  });

  const trimmedName = name.trim();
  const changed = trimmedName !== organization.name || timeZone !== organization.timeZone;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    save.mutate({
      ...(trimmedName === organization.name ? {} : { name: trimmedName }),
      ...(timeZone === organization.timeZone ? {} : { timeZone }),
    });
  }

  return (
    <form className="form-stack form-narrow" onSubmit={submit} noValidate>
      <ErrorMessage error={save.error} />
      <label className="field">
        <span>{t("organization.name")}</span>
        <input name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t("organization.timeZone")}</span>
        <select name="timeZone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!changed || save.isPending}>
          {save.isPending ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}

export function OrganizationSettings({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const organization = useQuery({
    queryKey: queryKeys.organization(org.orgId),
    queryFn: () => api.get<Organization>(orgPath(org.orgId)),
  });
  if (organization.isPending) return <p className="muted">{t("common.loading")}</p>;
  if (organization.isError) return <ErrorMessage error={organization.error} />;
  const data = organization.data;
  const language = currentLanguage();

  return (
    <div className="settings-organization">
      <SuccessMessage>{saved ? t("organization.saved") : null}</SuccessMessage>
      {can(org, "org.manage") ? (
        <OrganizationForm
          key={`${data.name}|${data.timeZone}`}
          organization={data}
          onSaved={() => setSaved(true)}
        />
      ) : (
        <dl className="details">
          <dt>{t("organization.name")}</dt>
          <dd>{data.name}</dd>
          <dt>{t("organization.timeZone")}</dt>
          <dd>{data.timeZone}</dd>
        </dl>
      )}
      <dl className="details" data-testid="organization-details">
        <dt>{t("organization.baseCurrency")}</dt>
        <dd className="mono">{data.baseCurrency}</dd>
        <dt>{t("organization.accountingFramework")}</dt>
        <dd>{t(`organization.frameworks.${data.accountingFramework}`)}</dd>
        <dt>{t("organization.createdAt")}</dt>
        <dd>{formatInstant(data.createdAt, data.timeZone, language)}</dd>
      </dl>
      <p className="muted">
        {t("organization.fixedNote")}
        {can(org, "org.manage") ? "" : ` ${t("organization.readOnlyNote")}`}
      </p>
    </div>
  );
}
