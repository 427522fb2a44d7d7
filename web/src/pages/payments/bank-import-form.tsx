import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  BankCsvColumnField,
  BankCsvDateFormat,
  BankCsvMappingRequest,
  BankImportRequest,
  BankImportSummary,
  BankStatementFormat,
} from "../../api/bank-types.ts";
import { api, isApiError } from "../../api/client.ts";
import type { OrganizationOfUser } from "../../api/types.ts";
import { ErrorMessage } from "../../components/error-message.tsx";
import { TextField } from "../../components/form-fields.tsx";
import { errorText } from "../../i18n/error-text.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useIdempotencyKey } from "../../use-idempotency-key.ts";
import { receivablesPath, useReceivablesChanged } from "../receivables/receivables-queries.ts";
import {
  bankCsvColumnFields,
  bankCsvDateFormats,
  bankStatementBytesMax,
  chineseBankCsvHeaders,
} from "./bank-queries.ts";

const formatChoices = ["auto", "camt.053", "MT940", "csv"] as const;
type FormatChoice = (typeof formatChoices)[number];

/** The server's limits on a mapping (src/io/bank-statements/csv.ts). */
const accountLengthMax = 64;
const headerLengthMax = 100;
const fileNameLengthMax = 200;

/**
 * The format a file's name suggests: banks name their exports by format (.xml for camt.053,
 * .sta or .940 for MT940, .csv). A .txt may be MT940 or anything else: its content decides.
 */
function formatOfName(name: string): BankStatementFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".xml")) return "camt.053";
  if (/\.(?:sta|mt940|940)$/.test(lower)) return "MT940";
  return null;
}

/** The file as base64, in slices: one spread of 20 MB of bytes would overflow the call stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sliceBytes = 0x8000;
  let binary = "";
  for (let start = 0; start < bytes.length; start += sliceBytes) {
    binary += String.fromCharCode(...bytes.subarray(start, start + sliceBytes));
  }
  return btoa(binary);
}

/**
 * 导入银行对账单: a camt.053, MT940 or CSV file from online banking. A CSV export needs the account
 * it is of and, when the bank names its columns otherwise, their headers (the defaults are the
 * usual Chinese export). One Idempotency-Key per body: pressing twice imports once. The same
 * statement imported again is refused (409), and the page says so plainly.
 */
export function BankImportForm(props: {
  readonly org: OrganizationOfUser;
  readonly onImported: (summary: BankImportSummary, fileName: string) => void;
}) {
  const { t } = useTranslation();
  const { org } = props;
  const receivablesChanged = useReceivablesChanged(org.orgId);
  const idempotency = useIdempotencyKey();
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [format, setFormat] = useState<FormatChoice>("auto");
  const [account, setAccount] = useState("");
  const [columns, setColumns] = useState<Record<BankCsvColumnField, string>>(() => ({
    ...chineseBankCsvHeaders,
  }));
  const [dateFormat, setDateFormat] = useState<BankCsvDateFormat>("YYYY-MM-DD");
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState(false);

  const upload = useMutation({
    mutationFn: (body: BankImportRequest) =>
      api.post<BankImportSummary>(receivablesPath(org.orgId, "bank-statements"), body, {
        "Idempotency-Key": idempotency.keyFor(body),
      }),
    onSuccess: (summary, body) => {
      idempotency.renew();
      receivablesChanged();
      setFile(null);
      // A fresh input: the imported file is no longer chosen.
      setFileKey((key) => key + 1);
      props.onImported(summary, body.fileName ?? "");
    },
  });
  const edited = () => {
    if (upload.error !== null) upload.reset();
    setReadError(false);
  };

  const effective: BankStatementFormat | null =
    format === "auto" ? (file === null ? null : formatOfName(file.name)) : format;
  const csv = effective === "csv";
  const tooLarge = file !== null && file.size > bankStatementBytesMax;
  const accountMissing = csv && account.trim() === "";
  const ready = file !== null && !tooLarge && !accountMissing && !reading;
  const duplicate = isApiError(upload.error) && upload.error.code === "BANK_STATEMENT_DUPLICATE";

  function csvMapping(): BankCsvMappingRequest {
    const changed = bankCsvColumnFields.some(
      (field) => columns[field].trim() !== chineseBankCsvHeaders[field],
    );
    const given = bankCsvColumnFields
      .filter((field) => columns[field].trim() !== "")
      .map((field) => [field, columns[field].trim()] as const);
    return {
      account: account.trim(),
      currency: org.baseCurrency,
      dateFormat,
      // Unchanged, the server's preset applies with every alternative header it knows.
      ...(changed ? { columns: Object.fromEntries(given) } : {}),
    };
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!ready || file === null || upload.isPending) return;
    setReading(true);
    let fileBase64: string;
    try {
      fileBase64 = await base64Of(file);
    } catch {
      setReadError(true);
      return;
    } finally {
      setReading(false);
    }
    const body: BankImportRequest = {
      fileBase64,
      fileName: file.name.slice(0, fileNameLengthMax),
      ...(format !== "auto" || csv ? { format: effective ?? "csv" } : {}),
      ...(csv ? { csvMapping: csvMapping() } : {}),
    };
    upload.mutate(body);
  }

  let hint: string | null = null;
  if (file === null) hint = t("bank.import.needsFile");
  else if (accountMissing) hint = t("bank.import.needsAccount");

  return (
    <form
      className="card"
      onSubmit={(event) => void submit(event)}
      noValidate
      data-testid="bank-import-form"
      aria-labelledby="bank-import-title"
    >
      <h2 id="bank-import-title">{t("bank.import.title")}</h2>
      <p className="muted">{t("bank.import.intro")}</p>
      {duplicate ? (
        <div role="alert" className="notice notice-warning" data-testid="bank-duplicate">
          <p>
            <strong>{errorText(upload.error, currentLanguage(), t).message}</strong>
          </p>
          <p>{t("bank.import.duplicate")}</p>
        </div>
      ) : (
        <ErrorMessage error={upload.error} />
      )}
      {readError && <p className="notice notice-error">{t("bank.import.readFailed")}</p>}
      <div className="form-grid form-grid-top">
        <label className="field">
          <span>{t("bank.import.file")}</span>
          <input
            key={fileKey}
            type="file"
            name="file"
            accept=".xml,.sta,.mt940,.940,.txt,.csv,text/csv,text/plain,application/xml,text/xml"
            aria-invalid={tooLarge}
            onChange={(event) => {
              edited();
              setFile(event.target.files?.[0] ?? null);
            }}
          />
          {tooLarge && (
            <div className="field-error">
              {t("bank.import.tooLarge", { size: bankStatementBytesMax / 1024 / 1024 })}
            </div>
          )}
        </label>
        <label className="field">
          <span>{t("bank.import.format")}</span>
          <select
            name="format"
            value={format}
            onChange={(event) => {
              edited();
              setFormat(formatChoices.find((choice) => choice === event.target.value) ?? "auto");
            }}
          >
            {formatChoices.map((choice) => (
              <option key={choice} value={choice}>
                {t(`bank.import.formats.${choice}`)}
              </option>
            ))}
          </select>
          {format === "auto" && effective !== null && (
            <div className="subtle" data-testid="bank-format-guess">
              {t("bank.import.formatGuess", { format: t(`bank.import.formats.${effective}`) })}
            </div>
          )}
        </label>
      </div>

      {csv && (
        <fieldset className="bank-csv" data-testid="bank-csv-mapping">
          <legend>{t("bank.import.csvTitle")}</legend>
          <div className="form-grid form-grid-top">
            <TextField
              label={t("bank.import.account")}
              note={t("bank.import.accountHint")}
              name="account"
              className="mono"
              autoComplete="off"
              maxLength={accountLengthMax}
              required
              aria-invalid={accountMissing && upload.error !== null}
              value={account}
              onChange={(value) => {
                edited();
                setAccount(value);
              }}
            />
          </div>
          <details className="bank-csv-columns">
            <summary>{t("bank.import.columns")}</summary>
            <p className="subtle">{t("bank.import.columnsHint")}</p>
            <div className="form-grid">
              {bankCsvColumnFields.map((field) => (
                <TextField
                  key={field}
                  label={t(`bank.import.columnNames.${field}`)}
                  name={`column-${field}`}
                  autoComplete="off"
                  maxLength={headerLengthMax}
                  value={columns[field]}
                  onChange={(value) => {
                    edited();
                    setColumns((current) => ({ ...current, [field]: value }));
                  }}
                />
              ))}
              <label className="field">
                <span>{t("bank.import.dateFormat")}</span>
                <select
                  name="dateFormat"
                  value={dateFormat}
                  onChange={(event) => {
                    edited();
                    setDateFormat(bankCsvDateFormats.find((f) => f === event.target.value) ?? "YYYY-MM-DD");
                  }}
                >
                  {bankCsvDateFormats.map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </details>
        </fieldset>
      )}

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!ready || upload.isPending}>
          {upload.isPending || reading ? t("bank.import.importing") : t("bank.import.submit")}
        </button>
        {hint !== null && <span className="muted">{hint}</span>}
      </div>
    </form>
  );
}
