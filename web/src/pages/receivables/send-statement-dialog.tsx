import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { SendStatementRequest, StatementView } from "../../api/statement-types.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { FormDialog } from "../../components/form-dialog.tsx";
import { ChoiceField, TextField } from "../../components/form-fields.tsx";
import { queryKeys } from "../../query-keys.ts";
import { issueText } from "../credit/credit-format.ts";
import { FieldIssue, issuesByPath } from "../credit/problem-list.tsx";
import { receivablesPath, useReceivablesChanged } from "./receivables-queries.ts";
import { statementLocales } from "./statement-queries.ts";

/** The server's limit on an address (src/api/routes/statements.ts, RFC 5321's 254). */
const recipientLengthMax = 254;
/** Enough to catch a slip of the keyboard; the server checks the address properly. */
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Emails a statement: the PDF attached and the confirmation link in the text, in the customer's
 * language. The email goes through the outbox: it is sent at once when the server has a mail
 * server (SMTP_URL), and waits as queued when it has none.
 */
export function SendStatementDialog(props: {
  readonly org: OrganizationOfUser;
  readonly statement: StatementView;
  readonly onDone: (statement: StatementView) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { org, statement } = props;
  const queryClient = useQueryClient();
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const [recipient, setRecipient] = useState(statement.sentTo ?? "");
  const [locale, setLocale] = useState<(typeof statementLocales)[number]>("zh-CN");
  const send = useMutation({
    mutationFn: (body: SendStatementRequest) =>
      api.post<StatementView>(receivablesPath(org.orgId, "statements", statement.statementId, "send"), body),
    onSuccess: (sent) => {
      queryClient.setQueryData(queryKeys.statement(org.orgId, sent.statementId), sent);
      receivablesChanged();
      props.onDone(sent);
    },
  });
  const issues = issuesByPath(send.error, (code, message) => issueText({ path: "", code, message }, t));
  const typed = recipient.trim();
  const valid = emailPattern.test(typed);
  return (
    <FormDialog
      title={t("accountStatements.sendTitle")}
      intro={t("accountStatements.sendIntro", { number: statement.number, customer: statement.customerName })}
      submitLabel={t("accountStatements.sendSubmit")}
      pendingLabel={t("accountStatements.sending")}
      pending={send.isPending}
      error={send.error}
      canSubmit={valid}
      testId="send-statement-dialog"
      onSubmit={() => send.mutate({ recipient: typed, locale })}
      onCancel={props.onCancel}
    >
      <TextField
        label={t("accountStatements.recipient")}
        name="recipient"
        type="email"
        autoComplete="email"
        maxLength={recipientLengthMax}
        aria-invalid={(typed !== "" && !valid) || issues.has("recipient")}
        value={recipient}
        onChange={(value) => {
          if (send.error !== null) send.reset();
          setRecipient(value);
        }}
      >
        {typed !== "" && !valid && (
          <div className="field-error">{t("accountStatements.recipientInvalid")}</div>
        )}
        <FieldIssue issues={issues} path="recipient" />
      </TextField>
      <ChoiceField
        label={t("accountStatements.emailLanguage")}
        name="locale"
        choices={statementLocales}
        value={locale}
        choiceLabel={(choice) => t(`language.${choice}`)}
        onChange={setLocale}
      />
    </FormDialog>
  );
}
