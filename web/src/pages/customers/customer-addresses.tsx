import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { addressKinds } from "../../../../src/domain/credit/index.ts";
import type { Address, AddressKind, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { orNull } from "../../or-null.ts";
import { can } from "../../session.ts";
import { useAddToCustomer, useCustomerItems } from "./customer-queries.ts";

function AddAddressForm(props: {
  readonly orgId: string;
  readonly customerId: string;
  readonly onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<AddressKind>("registered");
  const [line, setLine] = useState("");
  const [city, setCity] = useState("");
  const [province, setProvince] = useState("");
  const [postalCode, setPostalCode] = useState("");
  const [country, setCountry] = useState("CN");

  const add = useAddToCustomer<Address>({
    orgId: props.orgId,
    customerId: props.customerId,
    part: "addresses",
    onAdded: () => {
      setLine("");
      setCity("");
      setProvince("");
      setPostalCode("");
      props.onAdded();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    add.mutate({
      kind,
      line: line.trim(),
      city: orNull(city),
      province: orNull(province),
      postalCode: orNull(postalCode),
      country: country.trim().toUpperCase(),
    });
  }

  return (
    <section className="card" aria-labelledby="add-address-title">
      <h2 id="add-address-title">{t("addresses.addTitle")}</h2>
      <ErrorMessage error={add.error} />
      <form className="form-grid" onSubmit={submit} noValidate data-testid="add-address-form">
        <ChoiceField
          label={t("addresses.kind")}
          name="kind"
          choices={addressKinds}
          value={kind}
          choiceLabel={(k) => t(`addresses.kinds.${k}`)}
          onChange={setKind}
        />
        <TextField
          label={t("addresses.line")}
          wide
          name="line"
          required
          maxLength={300}
          value={line}
          onChange={setLine}
        />
        <TextField label={t("addresses.city")} name="city" maxLength={100} value={city} onChange={setCity} />
        <TextField
          label={t("addresses.province")}
          name="province"
          maxLength={100}
          value={province}
          onChange={setProvince}
        />
        <TextField
          label={t("addresses.postalCode")}
          name="postalCode"
          maxLength={20}
          value={postalCode}
          onChange={setPostalCode}
        />
        <TextField
          label={t("addresses.country")}
          name="country"
          className="input-short mono"
          maxLength={2}
          value={country}
          onChange={setCountry}
        />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={add.isPending || line.trim() === ""}
          >
            {add.isPending ? t("addresses.adding") : t("addresses.add")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Registered, billing, shipping and office addresses: where letters and statements go. */
export function CustomerAddresses(props: { readonly org: OrganizationOfUser; readonly customerId: string }) {
  const { t } = useTranslation();
  const { org, customerId } = props;
  const writable = can(org, "customers.write");
  const [notice, setNotice] = useState<string | null>(null);
  const addresses = useCustomerItems<Address>(org.orgId, customerId, "addresses");
  const items = addresses.data?.items ?? [];

  return (
    <>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={addresses.error} />
      <ListTable
        pending={addresses.isPending}
        testId="addresses-table"
        head={
          <>
            <th scope="col">{t("addresses.kind")}</th>
            <th scope="col">{t("addresses.line")}</th>
            <th scope="col">{t("addresses.city")}</th>
            <th scope="col">{t("addresses.province")}</th>
            <th scope="col">{t("addresses.postalCode")}</th>
            <th scope="col">{t("addresses.country")}</th>
          </>
        }
        columnCount={6}
        rowCount={items.length}
        emptyText={t("addresses.empty")}
      >
        {items.map((address) => (
          <tr key={address.addressId}>
            <td>{t(`addresses.kinds.${address.kind}`)}</td>
            <td>{address.line}</td>
            <td>{address.city ?? t("common.none")}</td>
            <td>{address.province ?? t("common.none")}</td>
            <td className="mono">{address.postalCode ?? t("common.none")}</td>
            <td className="mono">{address.country}</td>
          </tr>
        ))}
      </ListTable>
      {writable && (
        <AddAddressForm
          orgId={org.orgId}
          customerId={customerId}
          onAdded={() => setNotice(t("addresses.added"))}
        />
      )}
    </>
  );
}
