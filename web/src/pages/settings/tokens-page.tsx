import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../api/client.ts";
import type { ApiToken, ApiTokenGrant, OrganizationOfUser } from "../../api/types.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage } from "../../components/error-message.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";

interface TokensResponse {
  readonly items: ReadonlyArray<ApiToken>;
}

type TokenStatus = "active" | "revoked" | "expired";

function statusOf(token: ApiToken, nowMs: number): TokenStatus {
  if (token.revokedAt !== null) return "revoked";
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= nowMs) return "expired";
  return "active";
}

/** The secret, shown once: after this panel closes, only its prefix remains on the server. */
function NewTokenSecret(props: { readonly grant: ApiTokenGrant; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");

  async function copySecret(): Promise<void> {
    try {
      await navigator.clipboard.writeText(props.grant.token);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  return (
    <section className="card card-warning" aria-labelledby="new-token-title" data-testid="new-token">
      <h2 id="new-token-title">{t("tokens.secretTitle", { name: props.grant.name })}</h2>
      <p role="alert" className="warning-text">
        {t("tokens.secretWarning")}
      </p>
      <div className="secret-row">
        <label className="field field-grow">
          <span className="visually-hidden">{t("tokens.secretLabel")}</span>
          <input
            className="mono"
            readOnly
            value={props.grant.token}
            data-testid="token-secret"
            onFocus={(event) => event.target.select()}
          />
        </label>
        <button type="button" className="button" onClick={() => void copySecret()}>
          {copy === "copied" ? t("tokens.copied") : t("tokens.copy")}
        </button>
      </div>
      {copy === "failed" && <p className="muted">{t("tokens.copyFailed")}</p>}
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={props.onDone}>
          {t("tokens.done")}
        </button>
      </div>
    </section>
  );
}

export function TokensPage({ org }: { readonly org: OrganizationOfUser }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [grant, setGrant] = useState<ApiTokenGrant | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const language = currentLanguage();

  const tokens = useQuery({
    queryKey: queryKeys.tokens(org.orgId),
    queryFn: () => api.get<TokensResponse>(orgPath(org.orgId, "tokens")),
  });

  function afterChange(): void {
    void queryClient.invalidateQueries({ queryKey: queryKeys.tokens(org.orgId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.audit(org.orgId) });
  }

  const create = useMutation({
    mutationFn: (tokenName: string) =>
      api.post<ApiTokenGrant>(orgPath(org.orgId, "tokens"), { name: tokenName }),
    onSuccess: (created) => {
      setGrant(created);
      setName("");
      afterChange();
    },
  });

  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.delete<ApiToken>(orgPath(org.orgId, "tokens", token.tokenId)),
    onSuccess: () => {
      setRevoking(null);
      afterChange();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    create.mutate(name.trim());
  }

  const nowMs = Date.now();
  const items = tokens.data?.items ?? [];
  const when = (iso: string | null, fallback: string) =>
    iso === null ? fallback : formatInstant(iso, org.timeZone, language);

  return (
    <>
      <p className="muted">{t("tokens.intro")}</p>
      {grant !== null && <NewTokenSecret grant={grant} onDone={() => setGrant(null)} />}
      <ErrorMessage error={tokens.error} />
      {tokens.isPending ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">{t("tokens.name")}</th>
                <th scope="col">{t("tokens.prefix")}</th>
                <th scope="col">{t("tokens.createdAt")}</th>
                <th scope="col">{t("tokens.lastUsedAt")}</th>
                <th scope="col">{t("tokens.expiresAt")}</th>
                <th scope="col">{t("tokens.status")}</th>
                <th scope="col" className="cell-actions">
                  <span className="visually-hidden">{t("members.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((token) => {
                const status = statusOf(token, nowMs);
                return (
                  <tr key={token.tokenId}>
                    <td>{token.name}</td>
                    <td className="mono">{token.prefix}…</td>
                    <td>{when(token.createdAt, t("common.none"))}</td>
                    <td>{when(token.lastUsedAt, t("tokens.never"))}</td>
                    <td>{when(token.expiresAt, t("tokens.never"))}</td>
                    <td>
                      <span className={`status status-${status}`}>{t(`tokens.${status}`)}</span>
                    </td>
                    <td className="cell-actions">
                      {status !== "revoked" && (
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          onClick={() => {
                            revoke.reset();
                            setRevoking(token);
                          }}
                        >
                          {t("tokens.revoke")}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
              {items.length === 0 && (
                <tr>
                  <td colSpan={7} className="table-empty">
                    {t("tokens.empty")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <section className="card" aria-labelledby="create-token-title">
        <h2 id="create-token-title">{t("tokens.createTitle")}</h2>
        <ErrorMessage error={create.error} />
        <form className="inline-form" onSubmit={submit} noValidate>
          <label className="field field-grow">
            <span>{t("tokens.name")}</span>
            <input
              name="name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t("tokens.creating") : t("tokens.create")}
          </button>
        </form>
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={t("tokens.revokeTitle")}
        question={t("tokens.revokeQuestion", { name: revoking?.name ?? "" })}
        consequence={t("tokens.revokeConsequence")}
        confirmLabel={t("tokens.revoke")}
        pendingLabel={t("tokens.revoking")}
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => {
          if (revoking !== null) revoke.mutate(revoking);
        }}
        onCancel={() => setRevoking(null)}
      />
    </>
  );
}
