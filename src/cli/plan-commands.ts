import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { amortizeResponse, aprResponse, quoteResponse } from "../io/plan-contracts.ts";

async function readJson(source: string, fail: (message: string) => never): Promise<unknown> {
  let text: string;
  try {
    if (source === "-") {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      text = Buffer.concat(chunks).toString("utf8");
    } else {
      text = await readFile(source, "utf8");
    }
  } catch (error) {
    return fail(`cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail(`${source === "-" ? "stdin" : source} is not valid JSON`);
  }
}

/** `credence quote|apr|amortize FILE|-`: the calculators, reading a JSON request; no database. */
export function registerPlanCommands(program: Command, fail: (message: string) => never): void {
  const calculators = [
    {
      name: "quote",
      run: quoteResponse,
      description:
        "An installment schedule and its annualized rates (nominal IRR 年化利率, effective, Reg Z APR, EU APRC).\n" +
        'Example: echo \'{"principal":"12000.00","method":"equal-installment","periods":12,\n' +
        '  "frequency":"monthly","startDate":"2026-12-01","annualRate":"0.12"}\' | credence quote -',
    },
    {
      name: "apr",
      run: aprResponse,
      description:
        "The annual rate of dated advances and payments by method us-reg-z | eu-aprc | xirr | irr-nominal.\n" +
        'Example: credence apr request.json   ({"method":"xirr","advances":[{"date":…,"amount":…}],"payments":[…]})',
    },
    {
      name: "amortize",
      run: amortizeResponse,
      description:
        "An effective-interest table (未实现融资收益) from dated payments and a cash price, a rate per period, or both.\n" +
        'Example: credence amortize sale.json   ({"startDate":…,"payments":[…],"ratePerPeriod":"0.06"})',
    },
  ] as const;
  for (const calculator of calculators) {
    program
      .command(`${calculator.name} <file>`)
      .description(
        `${calculator.description}\nReads the JSON request from FILE or - (stdin), prints the JSON response; needs no database.`,
      )
      .action(async (file: string) => {
        const response = calculator.run(await readJson(file, fail));
        console.log(JSON.stringify(response, null, 2));
      });
  }
}
