import { useTranslation } from "react-i18next";
import { errorText } from "../i18n/error-text.ts";
import { currentLanguage } from "../i18n/index.ts";

/** A failed request, in the user's language, with the fields at fault. */
export function ErrorMessage({ error }: { readonly error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const text = errorText(error, currentLanguage(), t);
  return (
    <div role="alert" className="notice notice-error" data-testid="error-message">
      <p>{text.message}</p>
      {text.issues.length > 0 && (
        <>
          <p className="notice-detail">{t("errors.fields")}</p>
          <ul>
            {text.issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function SuccessMessage({ children }: { readonly children: string | null }) {
  if (children === null) return null;
  return (
    <p role="status" className="notice notice-success">
      {children}
    </p>
  );
}
