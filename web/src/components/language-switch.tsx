import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { locales } from "../../../src/domain/organization/index.ts";
import { api, setCsrfToken } from "../api/client.ts";
import type { Locale, SessionView } from "../api/types.ts";
import {
  currentLanguage,
  isLocale,
  noteLanguageChosenBeforeSignIn,
  rememberLanguage,
} from "../i18n/index.ts";
import { mePath, sessionKey } from "../session.ts";

/** zh-CN / English. Remembered in this browser and, when signed in, in the user's profile. */
export function LanguageSwitch({ signedIn }: { readonly signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const saveLocale = useMutation({
    mutationFn: (locale: Locale) => api.patch<SessionView>(mePath, { locale }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionKey, session);
    },
  });

  function choose(event: ChangeEvent<HTMLSelectElement>): void {
    const language = event.target.value;
    if (!isLocale(language)) return;
    void i18n.changeLanguage(language);
    rememberLanguage(language);
    if (signedIn) saveLocale.mutate(language);
    else noteLanguageChosenBeforeSignIn(language);
  }

  return (
    <label className="language-switch">
      <span className="visually-hidden">{t("language.label")}</span>
      <select data-testid="language-switch" value={currentLanguage()} onChange={choose}>
        {locales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`language.${locale}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
