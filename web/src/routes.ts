/**
 * The addresses of the app. Every page of an organization lives under `/orgs/<orgId>/`; one
 * customer's page is `/orgs/<orgId>/customers/<customerId>`. Outside them are the portfolio across
 * organizations, `/portfolio`, and the customer's statement link, `/s/<token>`, which opens
 * without signing in.
 */

export const sections = [
  "dashboard",
  "customers",
  "credit",
  "plans",
  "receivables",
  "payments",
  "collections",
  "risk",
  "reports",
  "ledger",
  "settings",
] as const;
export type Section = (typeof sections)[number];

export const settingsSections = ["organization", "members", "tokens", "audit", "posting-rules"] as const;
export type SettingsSection = (typeof settingsSections)[number];

/** The books: the journal comes first, it is where an accountant starts the day. */
export const ledgerSections = ["journal", "accounts", "general-ledger", "trial-balance", "periods"] as const;
export type LedgerSection = (typeof ledgerSections)[number];

/** Credit work: the approvals waiting for a second person come first, then tasks and the rules. */
export const creditSections = ["approvals", "tasks", "scorecard", "policy"] as const;
export type CreditSection = (typeof creditSections)[number];

/**
 * Installments: the designer first (a plan starts as a design), then the plans as documents and
 * the policy that prices them. A plan's own page is `/orgs/<orgId>/plans/<planId>`: a plan id is a
 * UUID, which no section name can be mistaken for.
 */
export const planSections = ["designer", "list", "policy"] as const;
export type PlanSection = (typeof planSections)[number];

/**
 * Receivables (应收): the invoices first, they are what the clerk works on all day, then the aging
 * and the statements of account (对账单). A document's own page is
 * `/orgs/<orgId>/receivables/<invoiceId>` (a UUID, like a plan's), and a new invoice is keyed in
 * at `/orgs/<orgId>/receivables/new`, a page without a tab of its own. A statement's page is one
 * level below its tab, `/orgs/<orgId>/receivables/statements/<statementId>`: its id is a UUID too,
 * and directly under receivables it would be taken for an invoice's.
 */
export const receivablesSections = ["invoices", "aging", "statements"] as const;
export type ReceivablesSection = (typeof receivablesSections)[number];
export const newInvoiceSub = "new";

/**
 * Payments (回款): the list of receipts, the bank statements with the review queue of their
 * receipts (银行对账), then recording one by hand. A payment's page is
 * `/orgs/<orgId>/payments/<paymentId>`.
 */
export const paymentSections = ["list", "bank", "new"] as const;
export type PaymentSection = (typeof paymentSections)[number];

/**
 * Collections (催收): the collector's worklist first, it is where the day starts, then the dunning
 * notices (some wait for approval), the disputes and legal cases being worked, the outbox their
 * emails and SMS go through, the end-of-day runs that make them, how effective it all is, and the
 * dunning policy behind them all.
 */
export const collectionsSections = [
  "worklist",
  "notices",
  "disputes",
  "legal",
  "outbox",
  "eod",
  "effectiveness",
  "policy",
] as const;
export type CollectionsSection = (typeof collectionsSections)[number];

/**
 * Reports (报表): the aging first (账龄, where the money is and how old it is), then the KPIs read
 * against it, the cash forecast, and the installment portfolio.
 */
export const reportsSections = ["aging", "kpis", "forecast", "installments"] as const;
export type ReportsSection = (typeof reportsSections)[number];

/**
 * Risk (风险): the alerts the early-warning rules raised (what needs looking at today), the rules,
 * the expected-credit-loss provisions (坏账准备) and the write-offs (坏账核销) with their approvals.
 */
export const riskSections = ["alerts", "rules", "provisions", "write-offs"] as const;
export type RiskSection = (typeof riskSections)[number];

/**
 * The tabs of one customer's page (`?tab=`); credit first, it is what the page is opened for, then
 * what the customer owes (receivables right after credit: exposure is read against it) and how it
 * is being chased (collections, read against what is owed), and the installment offers after
 * them, since they are priced from the credit grade.
 */
export const customerTabs = [
  "credit",
  "receivables",
  "collections",
  "statements",
  "reports",
  "assessments",
  "plans",
  "profile",
  "contacts",
  "addresses",
  "communications",
] as const;
export type CustomerTab = (typeof customerTabs)[number];

export type Route =
  | { readonly kind: "login" }
  | { readonly kind: "home" }
  /** Every organization of the signed-in person at once (a bookkeeping firm's clients). */
  | { readonly kind: "portfolio" }
  | {
      readonly kind: "org";
      readonly orgId: string;
      readonly section: Section;
      readonly sub: string | null;
      /** One record below a sub-page (a statement below `receivables/statements`), else null. */
      readonly detail: string | null;
    }
  /** A statement of account as its customer opens it from the email: no session, no organization. */
  | { readonly kind: "statementLink"; readonly token: string }
  | { readonly kind: "notFound" };

/** The portfolio across organizations: `/portfolio`, outside any one organization. */
export const portfolioSegment = "portfolio";
export const portfolioPagePath = `/${portfolioSegment}`;

/** The first segment of a customer's statement link (`/s/<token>`, src/api/routes/statements.ts). */
export const statementLinkSegment = "s";

/** Sub-pages with records of their own one level below them: section and sub-page. */
const subPagesWithDetail: ReadonlyArray<readonly [Section, string]> = [["receivables", "statements"]];

function isSection(value: string): value is Section {
  return (sections as ReadonlyArray<string>).includes(value);
}

export function isSettingsSection(value: string): value is SettingsSection {
  return (settingsSections as ReadonlyArray<string>).includes(value);
}

export function isLedgerSection(value: string): value is LedgerSection {
  return (ledgerSections as ReadonlyArray<string>).includes(value);
}

export function isCreditSection(value: string): value is CreditSection {
  return (creditSections as ReadonlyArray<string>).includes(value);
}

export function isPlanSection(value: string): value is PlanSection {
  return (planSections as ReadonlyArray<string>).includes(value);
}

export function isReceivablesSection(value: string): value is ReceivablesSection {
  return (receivablesSections as ReadonlyArray<string>).includes(value);
}

export function isPaymentSection(value: string): value is PaymentSection {
  return (paymentSections as ReadonlyArray<string>).includes(value);
}

export function isCollectionsSection(value: string): value is CollectionsSection {
  return (collectionsSections as ReadonlyArray<string>).includes(value);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A sub-address of the plans section that names one plan. */
export function isPlanId(value: string): boolean {
  return uuidPattern.test(value);
}

/** A sub-address that names one document (an invoice, a payment): its UUID. */
export function isDocumentId(value: string): boolean {
  return uuidPattern.test(value);
}

export function planPagePath(orgId: string, planId: string): string {
  return orgPagePath(orgId, "plans", planId);
}

export function invoicePagePath(orgId: string, invoiceId: string): string {
  return orgPagePath(orgId, "receivables", invoiceId);
}

export function paymentPagePath(orgId: string, paymentId: string): string {
  return orgPagePath(orgId, "payments", paymentId);
}

/** A statement of account: below the statements tab, where no invoice id can be mistaken for it. */
export function statementPagePath(orgId: string, statementId: string): string {
  return `${orgPagePath(orgId, "receivables", "statements")}/${encodeURIComponent(statementId)}`;
}

/** A customer's collections tab: its timeline, promises to pay and collector. */
export function customerCollectionsPath(orgId: string, customerId: string): string {
  return orgPagePath(orgId, "customers", customerId, { tab: "collections" });
}

/** The new-invoice form, with its customer already chosen when one is given. */
export function newInvoicePath(orgId: string, customerId?: string): string {
  return orgPagePath(orgId, "receivables", newInvoiceSub, { customerId });
}

/** The new-payment form, with its payer already chosen when one is given. */
export function newPaymentPath(orgId: string, customerId?: string): string {
  return orgPagePath(orgId, "payments", "new", { customerId });
}

export function isCustomerTab(value: string): value is CustomerTab {
  return (customerTabs as ReadonlyArray<string>).includes(value);
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter((part) => part !== "");
  if (parts.length === 0) return { kind: "home" };
  if (parts.length === 1 && parts[0] === "login") return { kind: "login" };
  if (parts.length === 1 && parts[0] === portfolioSegment) return { kind: "portfolio" };
  if (parts.length === 2 && parts[0] === statementLinkSegment && parts[1] !== undefined) {
    return { kind: "statementLink", token: parts[1] };
  }
  // An organization's own address opens its dashboard, the first screen after signing in.
  const [first, orgId, section = "dashboard", sub, detail, ...rest] = parts;
  if (first !== "orgs" || orgId === undefined || rest.length > 0 || !isSection(section)) {
    return { kind: "notFound" };
  }
  if (detail !== undefined && !subPagesWithDetail.some(([s, page]) => s === section && page === sub)) {
    return { kind: "notFound" };
  }
  return {
    kind: "org",
    orgId: decodeURIComponent(orgId).toLowerCase(),
    section,
    sub: sub ?? null,
    detail: detail ?? null,
  };
}

export function orgPagePath(
  orgId: string,
  section: Section,
  sub?: string,
  search?: Readonly<Record<string, string | undefined>>,
): string {
  const base = `/orgs/${encodeURIComponent(orgId)}/${section}`;
  const path = sub === undefined ? base : `${base}/${encodeURIComponent(sub)}`;
  if (search === undefined) return path;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (value !== undefined && value !== "") query.set(name, value);
  }
  const text = query.toString();
  return text === "" ? path : `${path}?${text}`;
}

export function loginPagePath(next: string | null, ended = false): string {
  const search = new URLSearchParams();
  if (next !== null && next !== "/" && !next.startsWith("/login")) search.set("next", next);
  if (ended) search.set("ended", "1");
  const text = search.toString();
  return text === "" ? "/login" : `/login?${text}`;
}
