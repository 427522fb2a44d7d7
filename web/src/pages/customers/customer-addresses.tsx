import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { addressKinds } from "../../../../src/domain/credit/index.ts";
import { api, orgPath } from "../../api/client.ts";
import type { Address, AddressKind, ItemList, OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";

function isAddressKind(value: string): value is AddressKind {
  return (addressKinds as ReadonlyArray<string>).includes(value);
}

const orNull = (text: string): string | null => (text.trim() === "" ? null : text.trim());

function AddAddressForm(props: {
  readonly orgId: string;
  readonly customerId: string;
  readonly onAdded: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<AddressKind>("registered");
  const [line, setLine] = useState("");
  const [city, setCity] = useState("");
  const [province, setProvince] = useState("");
  const [postalCode, setPostalCode] = useState("");
  const [country, setCountry] = useState("CN");

  const add = useMutation({
    mutationFn: (body: unknown) =>
      api.post<Address>(orgPath(props.orgId, "customers", props.customerId, "addresses"), body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.customer(props.orgId, props.customerId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit(props.orgId) });
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
        <label className="field">
          <span>{t("addresses.kind")}</span>
          <select
            name="kind"
            value={kind}
            onChange={(e) => {
              if (isAddressKind(e.target.value)) setKind(e.target.value);
            }}
          >
            {addressKinds.map((k) => (
              <option key={k} value={k}>
                {t(`addresses.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-wide">
          <span>{t("addresses.line")}</span>
          <input
            name="line"
            required
            maxLength={300}
            value={line}
            onChange={(e) => setLine(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("addresses.city")}</span>
          <input name="city" maxLength={100} value={city} onChange={(e) => setCity(e.target.value)} />
        </label>
        <label className="field">
          <span>{t("addresses.province")}</span>
          <input
            name="province"
            maxLength={100}
            value={province}
            onChange={(e) => setProvince(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("addresses.postalCode")}</span>
          <input
            name="postalCode"
            maxLength={20}
            value={postalCode}
            onChange={(e) => setPostalCode(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t("addresses.country")}</span>
          <input
            name="country"
            className="input-short mono"
            maxLength={2}
            value={country}
            onChange={(e) => setCountry(e.target.value)}
          />
        </label>
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
  const addresses = useQuery({
    queryKey: [...queryKeys.customer(org.orgId, customerId), "addresses"],
    queryFn: () => api.get<ItemList<Address>>(orgPath(org.orgId, "customers", customerId, "addresses")),
  });
  const items = addresses.data?.items ?? [];

  return (
    <>
      <SuccessMessage>{notice}</SuccessMessage>
      <ErrorMessage error={addresses.error} />
      {addresses.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="addresses-table">
            <thead>
              <tr>
                <th scope="col">{t("addresses.kind")}</th>
                <th scope="col">{t("addresses.line")}</th>
                <th scope="col">{t("addresses.city")}</th>
                <th scope="col">{t("addresses.province")}</th>
                <th scope="col">{t("addresses.postalCode")}</th>
                <th scope="col">{t("addresses.country")}</th>
              </tr>
            </thead>
            <tbody>
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
              {items.length === 0 && (
                <tr>
                  <td colSpan={6} className="table-empty">
                    {t("addresses.empty")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
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
