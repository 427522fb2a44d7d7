/**
 * Roles and what each may do. A route declares one permission; a membership's role grants a set.
 * The auditor reads everything and changes nothing (DESIGN.md §5).
 */

export const roles = ["owner", "credit_manager", "collector", "accountant", "auditor"] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  "org.read",
  "org.manage",
  "members.read",
  "members.manage",
  "tokens.manage",
  "audit.read",
  "customers.read",
  "customers.write",
  "credit.read",
  "credit.manage",
  "credit.approve",
  "credit.configure",
  "plans.read",
  "plans.manage",
  "plans.configure",
  "receivables.read",
  "receivables.manage",
  "receivables.configure",
  "payments.manage",
  "statements.send",
  "collections.read",
  "collections.manage",
  "collections.configure",
  "eod.run",
  "reports.read",
  "reports.manage",
  "risk.read",
  "risk.manage",
  "risk.approve",
  "risk.configure",
  "ledger.read",
  "ledger.post",
  "ledger.configure",
  "periods.manage",
] as const;
export type Permission = (typeof permissions)[number];

const readPermissions: ReadonlyArray<Permission> = permissions.filter((p) => p.endsWith(".read"));

export const permissionsByRole: Readonly<Record<Role, ReadonlyArray<Permission>>> = {
  owner: permissions,
  // Credit managers assess, set limits and holds, approve another person's requests (never their
  // own: the services refuse that whatever the role) and keep the scorecard and the policy.
  credit_manager: [
    ...readPermissions,
    "tokens.manage",
    "customers.write",
    "credit.manage",
    "credit.approve",
    "credit.configure",
    "plans.manage",
    "plans.configure",
    // The dunning policy is credit policy: levels, fees and when a person must approve.
    "collections.manage",
    "collections.configure",
    // Early-warning rules, the provision matrix's settings; write-offs asked for and approved
    // (approval never by the person who asked, whatever the role).
    "risk.manage",
    "risk.approve",
    "risk.configure",
    "reports.manage",
  ],
  // Collectors see a customer's limit, exposure and hold: they call the customers who are over.
  // …and the receivables they chase; statements of account go out from them too.
  collector: [
    "org.read",
    "customers.read",
    "credit.read",
    "plans.read",
    "receivables.read",
    "statements.send",
    "collections.read",
    // The dashboard and the reports of what they chase; the alerts raised on their customers.
    "reports.read",
    "risk.read",
    // Calls, visits, promises to pay, approving notices and retrying messages.
    "collections.manage",
    "tokens.manage",
  ],
  // Accountants keep the books: manual vouchers, reversals, the chart and the posting rules.
  // Closing and reopening a period stays with the owner (the rule).
  // The receivables team sits with them: invoices, receipts and their application, bank matching.
  accountant: [
    ...readPermissions,
    "tokens.manage",
    "ledger.post",
    "ledger.configure",
    "receivables.manage",
    "receivables.configure",
    "payments.manage",
    "statements.send",
    // The nightly batch bills, accrues and posts: the books' keepers may run it by hand.
    "eod.run",
    // Provisions and write-offs are booked by them (a write-off above the threshold waits for a
    // second person with risk.approve); scheduled report emails go out from them too.
    "risk.manage",
    "reports.manage",
  ],
  auditor: readPermissions,
};

export function isRole(value: string): value is Role {
  return (roles as ReadonlyArray<string>).includes(value);
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return permissionsByRole[role].includes(permission);
}
