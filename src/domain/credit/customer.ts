export const customerKinds = ["company", "individual"] as const;
export type CustomerKind = (typeof customerKinds)[number];
