import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { contactChannels } from "../../../../src/domain/credit/index.ts";
import { api, orgPath } from "../../api/client.ts";
import type { Contact, ContactChannel, OrganizationOfUser } from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { orNull } from "../../or-null.ts";
import { can } from "../../session.ts";
import { useAddToCustomer, useCustomerChanged, useCustomerItems } from "./customer-queries.ts";

function AddContactForm(props: {
  readonly orgId: string;
  readonly customerId: string;
  readonly onAdded: (c: Contact) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [channel, setChannel] = useState<ContactChannel>("phone");

  const add = useAddToCustomer<Contact>({
    orgId: props.orgId,
    customerId: props.customerId,
    part: "contacts",
    onAdded: (contact) => {
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
        <TextField
          label={t("contacts.name")}
          name="name"
          required
          maxLength={200}
          value={name}
          onChange={setName}
        />
        <TextField label={t("contacts.role")} name="role" maxLength={100} value={role} onChange={setRole} />
        <ChoiceField
          label={t("contacts.channel")}
          name="preferredChannel"
          choices={contactChannels}
          value={channel}
          choiceLabel={(c) => t(`contacts.channels.${c}`)}
          onChange={setChannel}
        />
        <TextField
          label={t("contacts.phone")}
          name="phone"
          type="tel"
          maxLength={40}
          value={phone}
          onChange={setPhone}
        />
        <TextField
          label={t("contacts.email")}
          name="email"
          type="email"
          maxLength={254}
          value={email}
          onChange={setEmail}
        />
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
  const customerChanged = useCustomerChanged(org.orgId, customerId);
  const writable = can(org, "customers.write");
  const [removing, setRemoving] = useState<Contact | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const contacts = useCustomerItems<Contact>(org.orgId, customerId, "contacts");

  const remove = useMutation({
    mutationFn: (contact: Contact) =>
      api.delete<undefined>(orgPath(org.orgId, "customers", customerId, "contacts", contact.contactId)),
    onSuccess: (_result, contact) => {
      setRemoving(null);
      setNotice(t("contacts.removed", { name: contact.name }));
      customerChanged();
    },
  });

  const items = contacts.data?.items ?? [];
  return (
    <>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={contacts.error} />
      <ListTable
        pending={contacts.isPending}
        testId="contacts-table"
        head={
          <>
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
          </>
        }
        columnCount={writable ? 6 : 5}
        rowCount={items.length}
        emptyText={t("contacts.empty")}
      >
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
      </ListTable>
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
