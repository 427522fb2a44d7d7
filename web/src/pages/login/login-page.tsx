import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, loginApiPath, setCsrfToken } from "../../api/client.ts";
import type { SessionView } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { LanguageSwitch } from "../../components/language-switch.tsx";
import { takeLanguageChosenBeforeSignIn } from "../../i18n/index.ts";
import { navigate } from "../../router.ts";
import { mePath, sessionKey } from "../../session.ts";

export function LoginPage(props: { readonly next: string | null; readonly sessionEnded: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  useEffect(() => {
    // Whatever was cached belonged to the previous session.
    queryClient.removeQueries();
  }, [queryClient]);
  const title = t("auth.title");
  useEffect(() => {
    document.title = `${title} · Credence`;
  }, [title]);

  const signIn = useMutation({
    mutationFn: (credentials: { readonly email: string; readonly password: string }) =>
      api.post<SessionView>(loginApiPath, credentials),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      const chosen = takeLanguageChosenBeforeSignIn();
      if (chosen !== null && chosen !== session.user.locale) {
        // The language picked on this page wins; the profile follows in the background.
        queryClient.setQueryData(sessionKey, { ...session, user: { ...session.user, locale: chosen } });
        void api.patch<SessionView>(mePath, { locale: chosen }).catch(() => undefined);
      } else {
        queryClient.setQueryData(sessionKey, session);
      }
      navigate(props.next ?? "/", { replace: true });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  }

  return (
    <div className="login-page">
      <div className="login-language">
        <LanguageSwitch signedIn={false} />
      </div>
      <main className="login-card">
        <p className="login-brand">{t("common.productName")}</p>
        <p className="login-subtitle">{t("auth.subtitle")}</p>
        <h1>{t("auth.title")}</h1>
        {props.sessionEnded && !signIn.isError && (
          <p className="notice notice-info">{t("auth.sessionEnded")}</p>
        )}
        <ErrorMessage error={signIn.error} />
        <form onSubmit={submit} className="form-stack" noValidate>
          <label className="field">
            <span>{t("auth.email")}</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </label>
          <label className="field">
            <span>{t("auth.password")}</span>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <button type="submit" className="button button-primary button-wide" disabled={signIn.isPending}>
            {signIn.isPending ? t("auth.signingIn") : t("auth.signIn")}
          </button>
        </form>
      </main>
    </div>
  );
}
