import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage, SuccessMessage } from "../../components/error-message.tsx";
import { formatInstant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { queryKeys } from "../../query-keys.ts";
import { can } from "../../session.ts";
import { issueText } from "./credit-format.ts";
import { creditPath, useCreditChanged } from "./credit-queries.ts";
import { issuesByPath } from "./problem-list.tsx";

/**
 * The scorecard and the credit policy are definitions: each save makes a new version, and every
 * assessment names the versions it used.
 */
type Definition = "scorecard" | "policy";

interface Versioned {
  readonly version: number;
  readonly createdAt: string | null;
  readonly createdBy: string | null;
}

const definitionKey = (orgId: string, definition: Definition) =>
  [...queryKeys.credit(orgId), definition] as const;

/**
 * The page of a definition: the intro, which version is in force and who made it, the notice of
 * the last save, and the editor, which starts afresh on every new version.
 */
export function DefinitionPage<T extends Versioned>(props: {
  readonly org: OrganizationOfUser;
  readonly definition: Definition;
  readonly intro: string;
  readonly savedText: (saved: T) => string;
  readonly editor: (current: T, onSaved: (saved: T) => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { org, definition } = props;
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({
    queryKey: definitionKey(org.orgId, definition),
    queryFn: () => api.get<T>(creditPath(org.orgId, definition)),
  });
  if (query.isPending) return <p className="muted">{t("common.loading")}</p>;
  if (query.isError) return <ErrorMessage error={query.error} />;
  const current = query.data;
  return (
    <>
      <p className="muted">
        {props.intro}
        {can(org, "credit.configure") ? "" : ` ${t("scorecard.readOnly")}`}
      </p>
      <p className="subtle" data-testid={`${definition}-version`}>
        {current.createdAt === null
          ? t("scorecard.versionDefault", { version: current.version })
          : t("scorecard.version", {
              version: current.version,
              by: current.createdBy ?? t("common.none"),
              at: formatInstant(current.createdAt, org.timeZone, language),
            })}
      </p>
      <SuccessMessage>{notice}</SuccessMessage>
      <Fragment key={current.version}>
        {props.editor(current, (saved) => setNotice(props.savedText(saved)))}
      </Fragment>
    </>
  );
}

/**
 * Saves a draft as the definition's next version: the page shows it at once, and whatever credit
 * shows is read again. `issues` are the server's objections by path, to show at each field.
 */
export function useSaveDefinition<T>(options: {
  readonly orgId: string;
  readonly definition: Definition;
  readonly body: unknown;
  readonly onSaved: (saved: T) => void;
}) {
  const { t } = useTranslation();
  const { orgId, definition } = options;
  const queryClient = useQueryClient();
  const creditChanged = useCreditChanged(orgId);
  const save = useMutation({
    mutationFn: () => api.put<T>(creditPath(orgId, definition), options.body),
    onSuccess: (saved) => {
      queryClient.setQueryData(definitionKey(orgId, definition), saved);
      creditChanged();
      options.onSaved(saved);
    },
  });
  const issues = issuesByPath(save.error, (code, message) => issueText({ path: "", code, message }, t));
  return { save, issues };
}

/** Save and discard, kept in sight at the foot of a long editor. */
export function SaveBar(props: {
  readonly pending: boolean;
  readonly dirty: boolean;
  readonly saveLabel: string;
  readonly hint: string;
  readonly onDiscard: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-actions sticky-actions">
      <button type="submit" className="button button-primary" disabled={props.pending || !props.dirty}>
        {props.pending ? t("common.saving") : props.saveLabel}
      </button>
      <button
        type="button"
        className="button"
        disabled={props.pending || !props.dirty}
        onClick={props.onDiscard}
      >
        {t("scorecard.discard")}
      </button>
      <span className="subtle">{props.hint}</span>
    </div>
  );
}
