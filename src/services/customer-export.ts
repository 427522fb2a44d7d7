import {
  customersCsv,
  customerTemplateCsv,
  customerTemplateXlsx,
  writeCustomersXlsx,
} from "../io/customer-sheet.ts";
import { csvType, endAfter, writeChunks, xlsxType } from "../io/export-stream.ts";
import type { ExportLanguage } from "../io/ledger-export.ts";
import type { Executor } from "../store/database.ts";
import { type Customer, customerPageSizeMax, listCustomers } from "./customers.ts";
import type { ExportFile } from "./ledger/index.ts";

/**
 * The customer list as a file (CSV or XLSX, the columns of the import, so an export can be edited
 * and imported again), and the empty import template. ID numbers leave only as their mask.
 */

export const customerFileFormats = ["csv", "xlsx"] as const;
export type CustomerFileFormat = (typeof customerFileFormats)[number];

/** Every customer by code, one page at a time, so that 100,000 customers never sit in memory. */
async function* allCustomers(db: Executor, orgId: string): AsyncGenerator<Customer> {
  let after: string | undefined;
  for (;;) {
    const page = await listCustomers(db, orgId, {
      limit: customerPageSizeMax,
      ...(after === undefined ? {} : { after }),
    });
    yield* page.items;
    if (page.nextAfter === null) return;
    after = page.nextAfter;
  }
}

/**
 * The login emails of the customers' owners, members or not (an owner who left the organization
 * is still named, and an import of the file then says they are no longer a member).
 */
async function ownerEmails(db: Executor, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("users")
    .select(["user_id", "email"])
    .where("user_id", "in", (eb) =>
      eb
        .selectFrom("customers")
        .select("owner_user_id")
        .where("org_id", "=", orgId)
        .where("owner_user_id", "is not", null),
    )
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.email]));
}

export async function customerExport(
  db: Executor,
  orgId: string,
  input: { readonly format: CustomerFileFormat; readonly language: ExportLanguage },
): Promise<ExportFile> {
  const emails = await ownerEmails(db, orgId);
  const table = () => ({
    customers: allCustomers(db, orgId),
    language: input.language,
    ownerEmailOf: (userId: string) => emails.get(userId) ?? null,
  });
  switch (input.format) {
    case "csv":
      return {
        filename: "customers.csv",
        contentType: csvType,
        write: (output) => writeChunks(customersCsv(table()), output),
      };
    case "xlsx":
      return {
        filename: "customers.xlsx",
        contentType: xlsxType,
        write: (output) => endAfter(writeCustomersXlsx(table(), output), output),
      };
  }
}

/** The import template: the header row in `language` (XLSX adds a sheet that explains each column). */
export function customerTemplate(input: {
  readonly format: CustomerFileFormat;
  readonly language: ExportLanguage;
}): ExportFile {
  switch (input.format) {
    case "csv":
      return {
        filename: "customers-template.csv",
        contentType: csvType,
        write: async (output) => {
          output.end(customerTemplateCsv(input.language));
        },
      };
    case "xlsx":
      return {
        filename: "customers-template.xlsx",
        contentType: xlsxType,
        write: async (output) => {
          output.end(await customerTemplateXlsx(input.language));
        },
      };
  }
}
