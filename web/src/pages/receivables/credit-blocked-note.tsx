import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { formatMoney } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { orgPagePath } from "../../routes.ts";
import { amountText } from "../ledger/amount-math.ts";

const minorPattern = /^-?\d{1,30}$/;

/**
 * Under a CREDIT_BLOCKED refusal (the message above already names its reasons): the headroom the
 * check found, and the customer's credit page in a new tab, so the form on screen is kept.
 */
export function CreditBlockedNote(props: {
  readonly org: OrganizationOfUser;
  readonly error: unknown;
  readonly customerId: string | null;
}) {
  const { t } = useTranslation();
  if (!isApiError(props.error) || props.error.code !== "CREDIT_BLOCKED") return null;
  const headroom = props.error.params.headroomMinor;
  const currency = props.org.baseCurrency;
  const money = (minor: bigint) => formatMoney(amountText(minor, currency), currency, currentLanguage());
  let text = t("invoices.creditBlockedHint");
  // The check's headroom is the limit less the exposure with this document: negative is how far over.
  if (typeof headroom === "string" && minorPattern.test(headroom)) {
    const minor = BigInt(headroom);
    text =
      minor < 0n
        ? t("invoices.creditOver", { amount: money(-minor) })
        : t("invoices.creditHeadroom", { amount: money(minor) });
  }
  return (
    <div className="notice notice-warning" data-testid="credit-blocked">
      <p>{text}</p>
      {props.customerId !== null && (
        <p>
          <a
            href={orgPagePath(props.org.orgId, "customers", props.customerId, { tab: "credit" })}
            target="_blank"
            rel="noopener"
          >
            {t("invoices.openCustomerCredit")}
          </a>
        </p>
      )}
    </div>
  );
}
