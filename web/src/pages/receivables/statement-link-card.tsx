import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { StatementLink } from "../../api/statement-types.ts";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

/**
 * The link the customer answers through (对账确认): signed, opened without an account, valid
 * until a day. It goes out in the statement's email; copied, it can go by WeChat or any other way.
 */
export function StatementLinkCard(props: { readonly link: StatementLink; readonly today: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const { link } = props;
  const expired = props.today > link.expiresOn;

  async function copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopy("copied");
    } catch {
      // Plain HTTP on a LAN has no clipboard API: the text is selected for Ctrl+C instead.
      setCopy("failed");
    }
  }

  return (
    <section
      className="card"
      aria-labelledby="statement-link-title"
      data-testid="statement-confirmation-link"
    >
      <h2 id="statement-link-title">{t("accountStatements.linkTitle")}</h2>
      {expired ? (
        <p className="warning-text">
          {t("accountStatements.linkExpired", { date: formatDate(link.expiresOn, language) })}
        </p>
      ) : (
        <p className="muted">
          {t("accountStatements.linkIntro", { date: formatDate(link.expiresOn, language) })}
        </p>
      )}
      <div className="secret-row">
        <label className="field field-grow">
          <span className="visually-hidden">{t("accountStatements.linkLabel")}</span>
          <input
            className="mono"
            readOnly
            value={link.url}
            data-testid="statement-link-url"
            onFocus={(event) => event.target.select()}
          />
        </label>
        <button
          type="button"
          className="button"
          data-testid="copy-statement-link"
          onClick={() => void copyLink()}
        >
          {copy === "copied" ? t("accountStatements.copied") : t("accountStatements.copy")}
        </button>
      </div>
      {copy === "failed" && <p className="muted">{t("accountStatements.copyFailed")}</p>}
    </section>
  );
}
