import type { Role } from "../domain/access/index.ts";
import type { CustomerKind } from "../domain/credit/index.ts";
import type { AccountingFramework } from "../domain/organization/index.ts";
import type { Store } from "../store/database.ts";
import { type Actor, type Clock, runCommand, systemClock } from "./command.ts";
import { createCustomer } from "./customers.ts";
import { createDemoCollections } from "./demo-collections.ts";
import { createDemoCredit, type DemoCreditPlan, demoCreditPlan } from "./demo-credit.ts";
import { createDemoPlans } from "./demo-plans.ts";
import {
  createDemoReceivables,
  type DemoReceivablesSummary,
  demoReceivablesSteps,
} from "./demo-receivables.ts";
import { createOrganization } from "./organizations.ts";
import { addMember, createUser, findUserByEmail } from "./people.ts";

/**
 * The demo: two organizations (so a bookkeeping firm's switch between clients can be tried), one
 * user per role, and a reproducible set of customers from a fixed seed, with their credit, plans
 * and two years of receivables (demo-receivables.ts). Later capabilities extend it with their own
 * documents.
 */
export const demoPassword = "credence-demo";
export const demoOwnerEmail = "owner@demo.credence.test";
export const demoSeedDefault = 20261123;
export const demoCustomersPerOrg = 40;

export const demoUsers: ReadonlyArray<{
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}> = [
  { email: demoOwnerEmail, name: "王芳 (Owner)", role: "owner" },
  { email: "credit@demo.credence.test", name: "李强 (Credit manager)", role: "credit_manager" },
  { email: "collector@demo.credence.test", name: "张伟 (Collector)", role: "collector" },
  { email: "accountant@demo.credence.test", name: "刘洋 (Accountant)", role: "accountant" },
  { email: "auditor@demo.credence.test", name: "陈静 (Auditor)", role: "auditor" },
];

const demoCurrency = "CNY";

const demoOrganizations: ReadonlyArray<{ readonly name: string; readonly framework: AccountingFramework }> = [
  { name: "华东示范贸易有限公司 (Demo Trading)", framework: "cas" },
  { name: "江南小微科技有限公司 (Demo Small Co.)", framework: "asbe" },
];

/** A small seeded generator (mulberry32): the same seed gives the same demo on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const cities = ["上海", "杭州", "苏州", "南京", "宁波", "合肥", "无锡", "常州", "嘉兴", "绍兴"];
const brandWords = [
  "华信",
  "恒通",
  "瑞丰",
  "宏达",
  "金桥",
  "新原",
  "鼎盛",
  "永安",
  "博远",
  "嘉禾",
  "中拓",
  "汇丰",
];
const industries = [
  { zh: "机械制造", en: "Machinery" },
  { zh: "电子元器件", en: "Electronic components" },
  { zh: "建材", en: "Building materials" },
  { zh: "食品批发", en: "Food wholesale" },
  { zh: "纺织服装", en: "Textiles" },
  { zh: "物流", en: "Logistics" },
];
const surnames = ["赵", "钱", "孙", "周", "吴", "郑", "冯", "陈"];
const givenNames = ["明", "华", "磊", "婷", "军", "敏", "杰", "丽"];

export interface DemoCustomer {
  readonly code: string;
  readonly name: string;
  readonly kind: CustomerKind;
  readonly industry: string;
}

export function demoCustomers(seed: number, count: number): DemoCustomer[] {
  const random = seededRandom(seed);
  const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(random() * list.length)] as T;
  const customers: DemoCustomer[] = [];
  for (let i = 1; i <= count; i += 1) {
    const individual = random() < 0.1;
    const industry = pick(industries);
    customers.push({
      code: `C${String(i).padStart(5, "0")}`,
      name: individual
        ? `${pick(surnames)}${pick(givenNames)}${pick(givenNames)}`
        : `${pick(cities)}${pick(brandWords)}${industry.zh}有限公司`,
      kind: individual ? "individual" : "company",
      industry: industry.zh,
    });
  }
  return customers;
}

/**
 * The stream the receivables history of the demo organization made from `seed` draws from: its
 * own, so that customers, credit and receivables each stay what they are when another changes.
 */
export function demoReceivablesRandom(seed: number): () => number {
  return seededRandom(seed * 97 + 5);
}

/**
 * The credit plan of the demo organization made from `seed` (createDemo gives organization i the
 * seed `seed + i`): each customer's grade, evidence and role. On a stream of its own, so that the
 * customers and vouchers stay what they were before credit data was added.
 */
export function demoCreditPlanOf(seed: number): DemoCreditPlan[] {
  return demoCreditPlan(seededRandom(seed * 31 + 17), demoCustomers(seed, demoCustomersPerOrg));
}

export interface DemoResult {
  readonly created: boolean;
  readonly orgIds: ReadonlyArray<string>;
  /** Per organization, in the order of `orgIds`: what its receivables history made. */
  readonly receivables: ReadonlyArray<DemoReceivablesSummary>;
  readonly ownerEmail: string;
  readonly password: string;
}

export async function createDemo(
  store: Store,
  options: {
    readonly seed?: number;
    readonly clock?: Clock;
    readonly onStep?: (done: number, total: number) => void;
  } = {},
): Promise<DemoResult> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? demoSeedDefault;
  if ((await findUserByEmail(store.db, demoOwnerEmail)) !== undefined) {
    return {
      created: false,
      orgIds: [],
      receivables: [],
      ownerEmail: demoOwnerEmail,
      password: demoPassword,
    };
  }
  const actor: Actor = { userId: null, label: "demo" };
  // Per organization: itself, each customer twice (its record, then its credit), then each month
  // of its receivables history and the closing documents.
  const total = demoOrganizations.length * (2 + 2 * demoCustomersPerOrg + demoReceivablesSteps);
  let done = 0;
  const orgIds: string[] = [];
  const receivables: DemoReceivablesSummary[] = [];
  const users = await runCommand(
    store,
    async (tx) => {
      const made = new Map<Role, Actor>();
      for (const demoUser of demoUsers) {
        const user = await createUser(tx, {
          email: demoUser.email,
          displayName: demoUser.name,
          password: demoPassword,
          locale: "zh-CN",
        });
        made.set(demoUser.role, { userId: user.userId, label: user.email });
      }
      return made;
    },
    clock,
  );
  const owner = users.get("owner");
  const creditManager = users.get("credit_manager");
  const accountant = users.get("accountant");
  const collector = users.get("collector");
  if (
    owner === undefined ||
    owner.userId === null ||
    creditManager === undefined ||
    accountant === undefined ||
    collector === undefined
  ) {
    throw new Error("the demo users include an owner, a credit manager, an accountant and a collector");
  }
  const ownerUserId = owner.userId;
  for (const [index, spec] of demoOrganizations.entries()) {
    const orgId = await runCommand(
      store,
      async (tx) => {
        const organization = await createOrganization(tx, actor, {
          name: spec.name,
          baseCurrency: demoCurrency,
          timeZone: "Asia/Shanghai",
          accountingFramework: spec.framework,
          ownerUserId,
        });
        for (const member of demoUsers.slice(1)) {
          await addMember(tx, actor, organization.orgId, { email: member.email, role: member.role });
        }
        return organization.orgId;
      },
      clock,
    );
    orgIds.push(orgId);
    done += 1;
    options.onStep?.(done, total);
    const customers = demoCustomers(seed + index, demoCustomersPerOrg);
    const ids = await runCommand(
      store,
      async (tx) => {
        const made: string[] = [];
        for (const customer of customers) {
          made.push((await createCustomer(tx, actor, orgId, customer)).customerId);
          done += 1;
          options.onStep?.(done, total);
        }
        return made;
      },
      clock,
    );
    const plan = demoCreditPlanOf(seed + index);
    await runCommand(
      store,
      (tx) =>
        createDemoCredit(
          tx,
          { creditManager, owner },
          orgId,
          plan.map((entry, at) => {
            const customerId = ids[at];
            if (customerId === undefined || entry.code !== customers[at]?.code) {
              throw new Error("the credit plan follows the demo customers one for one");
            }
            return { customerId, plan: entry };
          }),
          {
            currency: demoCurrency,
            onCustomer: () => {
              done += 1;
              options.onStep?.(done, total);
            },
          },
        ),
      clock,
    );
    await createDemoPlans(store, orgId, creditManager, clock);
    // After credit (every invoice passes the real credit check) and plans (their exposure counts).
    receivables.push(
      await createDemoReceivables(
        store,
        orgId,
        { accountant, collector },
        {
          random: demoReceivablesRandom(seed + index),
          clock,
          onStep: () => {
            done += 1;
            options.onStep?.(done, total);
          },
        },
      ),
    );
    // After the receivables: the week's end-of-day batches dun what they left overdue.
    await createDemoCollections(store, orgId, { collector, owner }, clock);
    done += 1;
    options.onStep?.(done, total);
  }
  return { created: true, orgIds, receivables, ownerEmail: demoOwnerEmail, password: demoPassword };
}
