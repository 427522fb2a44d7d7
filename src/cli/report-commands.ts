import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { parseBusinessDate } from "../core/dates.ts";
import { isAppError } from "../core/errors.ts";
import { type Locale, locales } from "../domain/organization/index.ts";
import { businessDateAt } from "../services/organizations.ts";
import {
  type ReportFormat,
  reportDefinitions,
  reportFormats,
  reportNamed,
} from "../services/reports/index.ts";
import { renderReport } from "../services/reports/render-report.ts";
import type { CliContext } from "./credit-commands.ts";

/**
 * `credence report <name>`: any report of src/services/reports as JSON, CSV, XLSX or PDF — the
 * same definition the page and the API use, so the file and the screen agree. `--list` names them.
 * (`credence report trial-balance` is a subcommand of its own, registered in main.ts.)
 */

interface ReportOptions {
  readonly list?: boolean;
  readonly asOf?: string;
  readonly format: string;
  readonly org?: string;
  readonly output?: string;
  readonly locale: string;
  readonly option?: ReadonlyArray<string>;
}

function optionPairs(pairs: ReadonlyArray<string>, cli: CliContext): Record<string, string> {
  const options: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) cli.fail(`--option takes key=value (got "${pair}")`);
    options[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return options;
}

function listText(): string {
  return reportDefinitions
    .map((definition) => {
      const options = Object.entries(definition.options)
        .map(([key, help]) => `      ${key}: ${help}`)
        .join("\n");
      return `${definition.name}  ${definition.title["zh-CN"]} / ${definition.title.en}\n${options}`;
    })
    .join("\n");
}

export function registerReportCommand(report: Command, cli: CliContext): void {
  report
    .argument("[name]", "the report: aging, … (see --list)")
    .description(
      "Reports as files (报表). `credence report <name>` renders any report as json, csv (UTF-8 with BOM),\n" +
        "xlsx or pdf, as of a date (default: today); its options go in --option key=value.\n" +
        "Examples:\n" +
        "  credence report --list\n" +
        "  credence report aging --as-of 2026-10-31 --format xlsx --output aging.xlsx\n" +
        "  credence report aging --option groupBy=grade --option basis=document --format pdf -o aging.pdf\n" +
        "  credence report aging --option detail=items --option bucket=91-180\n" +
        "  credence report trial-balance --as-of 2026-11-30 --format csv",
    )
    .option("--list", "list the reports and their options")
    .option("--as-of <YYYY-MM-DD>", "the date the report is as of (default: today)")
    .option("--format <format>", reportFormats.join(" | "), "json")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("-o, --output <file>", "write to this file instead of stdout")
    .option("--locale <locale>", `headers and titles: ${locales.join(" or ")}`, "zh-CN")
    .option("--option <key=value...>", "a report option, e.g. groupBy=grade (repeat for more)")
    .action(async (name: string | undefined, options: ReportOptions) => {
      if (options.list === true) {
        console.log(listText());
        return;
      }
      if (name === undefined) cli.fail("name a report (credence report --list shows them)");
      const definition = reportNamed(name);
      if (definition === undefined) {
        cli.fail(
          `no report "${name}"; reports: ${reportDefinitions.map((d) => d.name).join(", ")}, trial-balance`,
        );
      }
      const format = reportFormats.find((candidate) => candidate === options.format) as
        | ReportFormat
        | undefined;
      if (format === undefined) cli.fail(`--format must be one of: ${reportFormats.join(", ")}`);
      const locale = locales.find((candidate) => candidate === options.locale) as Locale | undefined;
      if (locale === undefined) cli.fail(`--locale must be one of: ${locales.join(", ")}`);
      if (options.asOf !== undefined) {
        try {
          parseBusinessDate(options.asOf);
        } catch {
          cli.fail(`--as-of must be a date YYYY-MM-DD (got "${options.asOf}")`);
        }
      }
      const reportOptions = optionPairs(options.option ?? [], cli);
      if ((format === "xlsx" || format === "pdf") && options.output === undefined && process.stdout.isTTY) {
        cli.fail(`a ${format} file is binary; write it with --output FILE or redirect stdout`);
      }
      await cli.withStore(async (store) => {
        const orgId = await cli.pickOrganization(store, options.org);
        const asOf = options.asOf ?? (await businessDateAt(store.db, orgId, new Date().toISOString()));
        try {
          const rendered = await renderReport(store.db, orgId, definition, {
            asOf,
            options: reportOptions,
            format,
            locale,
          });
          if (options.output === undefined) process.stdout.write(rendered.body);
          else {
            writeFileSync(options.output, rendered.body);
            console.error(`Wrote ${options.output}`);
          }
        } catch (error) {
          if (isAppError(error) && error.status < 500) {
            const issues = error.issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join("");
            cli.fail(`${error.message}${issues}`);
          }
          throw error;
        }
      });
    });
}
