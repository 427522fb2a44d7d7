import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { customerTagLengthMax, customerTagsMax } from "../../../../src/domain/credit/index.ts";
import { api, orgPath } from "../../api/client.ts";
import type { Customer, Member, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orNull } from "../../or-null.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { CodeAndNameFields } from "./customer-fields.tsx";

/** Tags as people type them: separated by commas (either width) or new lines. */
export function parseTags(text: string): ReadonlyArray<string> {
  const tags = text
    .split(/[,，\n]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  return [...new Set(tags)];
}

type Patch = {
  code?: string;
  name?: string;
  creditCode?: string | null;
  idNumber?: string | null;
  industry?: string | null;
  tags?: ReadonlyArray<string>;
  ownerUserId?: string | null;
  notes?: string | null;
};

export function ownerName(members: ReadonlyArray<Member> | undefined, userId: string | null): string | null {
  if (userId === null) return null;
  return members?.find((m) => m.userId === userId)?.displayName ?? userId;
}

/**
 * A customer's record. Only the fields that changed are sent; an empty field clears it. The ID
 * number of a person is never shown, only its mask: typing a new one replaces it.
 */
export function CustomerProfile(props: {
  readonly org: OrganizationOfUser;
  readonly customer: Customer;
  readonly members: ReadonlyArray<Member> | undefined;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, customer, members } = props;
  const queryClient = useQueryClient();
  const writable = can(org, "customers.write");
  const [code, setCode] = useState(customer.code);
  const [name, setName] = useState(customer.name);
  const [creditCode, setCreditCode] = useState(customer.creditCode ?? "");
  const [idNumber, setIdNumber] = useState("");
  const [clearIdNumber, setClearIdNumber] = useState(false);
  const [industry, setIndustry] = useState(customer.industry ?? "");
  const [tags, setTags] = useState(customer.tags.join(", "));
  const [owner, setOwner] = useState(customer.ownerUserId ?? "");
  const [notes, setNotes] = useState(customer.notes ?? "");
  const [notice, setNotice] = useState<string | null>(null);

  const patch: Patch = {};
  if (code.trim() !== customer.code) patch.code = code.trim();
  if (name.trim() !== customer.name) patch.name = name.trim();
  if (orNull(creditCode) !== customer.creditCode) patch.creditCode = orNull(creditCode);
  if (idNumber.trim() !== "") patch.idNumber = idNumber.trim();
  else if (clearIdNumber && customer.idNumberMasked !== null) patch.idNumber = null;
  if (orNull(industry) !== customer.industry) patch.industry = orNull(industry);
  const parsedTags = parseTags(tags);
  if (parsedTags.join("\u0000") !== customer.tags.join("\u0000")) patch.tags = parsedTags;
  if ((owner === "" ? null : owner) !== customer.ownerUserId) patch.ownerUserId = owner === "" ? null : owner;
  if (orNull(notes) !== customer.notes) patch.notes = orNull(notes);
  const changed = Object.keys(patch).length > 0;
  const tagsValid =
    parsedTags.length <= customerTagsMax && parsedTags.every((tag) => tag.length <= customerTagLengthMax);

  const save = useMutation({
    mutationFn: (body: Patch) =>
      api.patch<Customer>(orgPath(org.orgId, "customers", customer.customerId), body),
    onMutate: () => setNotice(null),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.customer(org.orgId, customer.customerId), updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.customers(org.orgId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(org.orgId) });
      setIdNumber("");
      setClearIdNumber(false);
      setNotice(t("profile.saved"));
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (changed && tagsValid) save.mutate(patch);
  }

  if (!writable) {
    return (
      <dl className="details" data-testid="customer-profile">
        <dt>{t("customers.code")}</dt>
        <dd className="mono">{customer.code}</dd>
        <dt>{t("customers.name")}</dt>
        <dd>{customer.name}</dd>
        <dt>{t("customers.kind")}</dt>
        <dd>{t(`customers.kinds.${customer.kind}`)}</dd>
        <dt>{t("customers.creditCode")}</dt>
        <dd className="mono">{customer.creditCode ?? t("common.none")}</dd>
        {customer.kind === "individual" && (
          <>
            <dt>{t("profile.idNumber")}</dt>
            <dd className="mono">{customer.idNumberMasked ?? t("common.none")}</dd>
          </>
        )}
        <dt>{t("customers.industry")}</dt>
        <dd>{customer.industry ?? t("common.none")}</dd>
        <dt>{t("customers.tags")}</dt>
        <dd>{customer.tags.length === 0 ? t("common.none") : customer.tags.join(", ")}</dd>
        <dt>{t("customers.owner")}</dt>
        <dd>{ownerName(members, customer.ownerUserId) ?? t("common.none")}</dd>
        <dt>{t("profile.notes")}</dt>
        <dd className="pre-wrap">{customer.notes ?? t("common.none")}</dd>
      </dl>
    );
  }

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("profile.title")}</h2>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={save.error} />
      <form className="form-grid" onSubmit={submit} noValidate data-testid="customer-profile">
        <CodeAndNameFields code={code} name={name} onCodeChange={setCode} onNameChange={setName} />
        <TextField
          label={t("customers.creditCode")}
          name="creditCode"
          className="mono"
          maxLength={32}
          value={creditCode}
          onChange={setCreditCode}
        />
        {customer.kind === "individual" && (
          <TextField
            label={t("profile.idNumber")}
            note={customer.idNumberMasked === null ? t("profile.idNumberNone") : customer.idNumberMasked}
            name="idNumber"
            className="mono"
            autoComplete="off"
            maxLength={32}
            placeholder={t("profile.idNumberPlaceholder")}
            value={idNumber}
            onChange={setIdNumber}
          >
            {customer.idNumberMasked !== null && (
              <span className="checkbox">
                <input
                  type="checkbox"
                  className="checkbox-input"
                  id="clear-id-number"
                  checked={clearIdNumber}
                  disabled={idNumber.trim() !== ""}
                  onChange={(e) => setClearIdNumber(e.target.checked)}
                />
                <label htmlFor="clear-id-number">{t("profile.clearIdNumber")}</label>
              </span>
            )}
          </TextField>
        )}
        <TextField
          label={t("customers.industry")}
          name="industry"
          maxLength={100}
          value={industry}
          onChange={setIndustry}
        />
        <TextField
          label={t("customers.tags")}
          note={t("profile.tagsHint")}
          name="tags"
          value={tags}
          aria-invalid={!tagsValid}
          onChange={setTags}
        >
          {!tagsValid && (
            <span className="field-error">
              {t("profile.tagsInvalid", { count: customerTagsMax, length: customerTagLengthMax })}
            </span>
          )}
        </TextField>
        <label className="field">
          <span>{t("customers.owner")}</span>
          <select name="ownerUserId" value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">{t("customers.noOwner")}</option>
            {owner !== "" && members?.some((m) => m.userId === owner) !== true && (
              <option value={owner}>{owner}</option>
            )}
            {(members ?? []).map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field form-full">
          <span>{t("profile.notes")}</span>
          <textarea
            name="notes"
            rows={3}
            maxLength={2000}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
        </label>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending || !changed || !tagsValid}
          >
            {save.isPending ? t("common.saving") : t("common.save")}
          </button>
          <span className="subtle">
            {t("profile.updatedAt", { at: formatInstant(customer.updatedAt, org.timeZone, language) })}
          </span>
        </div>
      </form>
    </section>
  );
}
