/** Cache keys per organization: switching organizations never shows another one's data. */
export const queryKeys = {
  customers: (orgId: string) => ["customers", orgId] as const,
  organization: (orgId: string) => ["organization", orgId] as const,
  members: (orgId: string) => ["members", orgId] as const,
  tokens: (orgId: string) => ["tokens", orgId] as const,
  audit: (orgId: string) => ["audit", orgId] as const,
  /** Everything of the ledger: a posting, a close or a rule change invalidates it as one. */
  ledger: (orgId: string) => ["ledger", orgId] as const,
};
