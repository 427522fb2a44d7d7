import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { contactChannels } from "../../../../src/domain/credit/index.ts";
import { api, orgPath } from "../../api/client.ts";
import type { Contact, ContactChannel, ItemList, OrganizationOfUser } from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";

export function isContactChannel(value: string): value is ContactChannel {
  return (contactChannels as ReadonlyArray<string>).includes(value);
}

const orNull = (text: string): string | null => (text.trim() === "" ? null : text.trim());

function AddContactForm(props: {
  readonly orgId: string;
  readonly customerId: string;
  readonly onAdded: (c: Contact) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [channel, setChannel] = useState<ContactChannel>("phone");

  const add = useMutation({
    mutationFn: (body: unknown) =>
      api.post<Contact>(orgPath(props.orgId, "customers", props.customerId, "contacts"), body),
    onSuccess: (contact) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.customer(props.orgId, props.customerId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(props.orgId) });
      setName("");
      setRole("");
      setPhone("");
      setEmail("");
      props.onAdded(contact);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    add.mutate({
      name: name.trim(),
      role: orNull(role),
      phone: orNull(phone),
      email: orNull(email),
      preferredChannel: channel,
    });
  }

  return (
    <section className="card" aria-labelledby="add-contact-title">
      <h2 id="add-contact-title">{t("contacts.addTitle")}</h2>
      <ErrorMessage error={add.error} />
      <form className="form-grid" onSubmit={submit} noValidate data-testid="add-contact-form">
        <label className="field">
          <span>{t("contacts.name")}</span>
          <input
            name="name"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("contacts.role")}</span>
          <input name="role" maxLength={100} value={role} onChange={(e) => setRole(e.target.value)} />
        </label>
        <label className="field">
          <span>{t("contacts.channel")}</span>
          <select
            name="preferredChannel"
            value={channel}
            onChange={(e) => {
              if (isContactChannel(e.target.value)) setChannel(e.target.value);
            }}
          >
            {contactChannels.map((c) => (
              <option key={c} value={c}>
                {t(`contacts.channels.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("contacts.phone")}</span>
          <input
            name="phone"
            type="tel"
            maxLength={40}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("contacts.email")}</span>
          <input
            name="email"
            type="email"
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={add.isPending || name.trim() === ""}
          >
            {add.isPending ? t("contacts.adding") : t("contacts.add")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The people to call at a customer, and how each prefers to be reached. */
export function CustomerContacts(props: { readonly org: OrganizationOfUser; readonly customerId: string }) {
  const { t } = useTranslation();
  const { org, customerId } = props;
  const queryClient = useQueryClient();
  const writable = can(org, "customers.write");
  const [removing, setRemoving] = useState<Contact | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const contacts = useQuery({
    queryKey: [...queryKeys.customer(org.orgId, customerId), "contacts"],
    queryFn: () => api.get<ItemList<Contact>>(orgPath(org.orgId, "customers", customerId, "contacts")),
  });

  const remove = useMutation({
    mutationFn: (contact: Contact) =>
      api.delete<undefined>(orgPath(org.orgId, "customers", customerId, "contacts", contact.contactId)),
    onSuccess: (_result, contact) => {
      setRemoving(null);
      setNotice(t("contacts.removed", { name: contact.name }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.customer(org.orgId, customerId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(org.orgId) });
    },
  });

  const items = contacts.data?.items ?? [];
  return (
    <>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={contacts.error} />
      {contacts.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="contacts-table">
            <thead>
              <tr>
                <th scope="col">{t("contacts.name")}</th>
                <th scope="col">{t("contacts.role")}</th>
                <th scope="col">{t("contacts.phone")}</th>
                <th scope="col">{t("contacts.email")}</th>
                <th scope="col">{t("contacts.channel")}</th>
                {writable && (
                  <th scope="col" className="cell-actions">
                    {t("members.actions")}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((contact) => (
                <tr key={contact.contactId} data-contact={contact.name}>
                  <td>{contact.name}</td>
                  <td>{contact.role ?? t("common.none")}</td>
                  <td className="mono">{contact.phone ?? t("common.none")}</td>
                  <td>{contact.email ?? t("common.none")}</td>
                  <td>{t(`contacts.channels.${contact.preferredChannel}`)}</td>
                  {writable && (
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        onClick={() => {
                          remove.reset();
                          setNotice(null);
                          setRemoving(contact);
                        }}
                      >
                        {t("contacts.remove")}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
              {items.length === 0 && (
                <tr>
                  <td colSpan={writable ? 6 : 5} className="table-empty">
                    {t("contacts.empty")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {writable && (
        <AddContactForm
          orgId={org.orgId}
          customerId={customerId}
          onAdded={(contact) => setNotice(t("contacts.added", { name: contact.name }))}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t("contacts.removeTitle")}
        question={t("contacts.removeQuestion", { name: removing?.name ?? "" })}
        consequence={t("contacts.removeConsequence")}
        confirmLabel={t("contacts.remove")}
        pendingLabel={t("contacts.removing")}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (removing !== null) remove.mutate(removing);
        }}
        onCancel={() => setRemoving(null)}
      />
    </>
  );
}
