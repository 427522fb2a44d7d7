/**
 * Shapes of the risk API (src/api/routes/risk.ts): the risk policy, the provision matrix and its
 * runs, write-offs and their recoveries. Amounts are decimal strings in major units.
 */

export interface RiskPolicyDefinition {
  readonly version: number;
  readonly writeOffApprovalThreshold: string;
  readonly historyMonths: number;
  readonly forwardLookingAdjustment: string;
  readonly floorRates: Readonly<Record<string, string>>;
}

export interface RiskPolicyView {
  readonly definition: RiskPolicyDefinition;
  readonly createdBy: string | null;
  readonly createdAt: string | null;
}

export interface ProvisionMatrixRow {
  readonly bucket: string;
  readonly balance: string;
  readonly rollRate: string | null;
  readonly observed: boolean;
  readonly historicalLossRate: string;
  readonly lossRate: string;
  readonly provision: string;
}

export interface ProvisionMatrix {
  readonly rows: ReadonlyArray<ProvisionMatrixRow>;
  readonly transitions: number;
  readonly forwardLookingAdjustment: string;
  readonly totalBalance: string;
  readonly required: string;
}

export interface ProvisionPreview {
  readonly asOf: string;
  readonly currency: string;
  readonly policyVersion: number;
  readonly historyMonths: number;
  readonly monthEnds: ReadonlyArray<string>;
  readonly matrix: ProvisionMatrix;
  readonly currentAllowance: string;
  readonly trueUp: string;
  readonly allowanceAccountCode: string | null;
}

export interface ProvisionRun {
  readonly runId: string;
  readonly asOf: string;
  readonly currency: string;
  readonly policyVersion: number;
  readonly matrix: ProvisionMatrix;
  readonly required: string;
  readonly previous: string;
  readonly posted: string;
  readonly voucherId: string | null;
  readonly voucherLabel: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export type WriteOffStatus = "pending" | "posted" | "rejected";

export interface WriteOffItem {
  readonly itemId: string;
  readonly documentNumber: string;
  readonly dueDate: string;
  readonly amount: string;
  readonly open: string;
}

export interface Recovery {
  readonly recoveryId: string;
  readonly date: string;
  readonly amount: string;
  readonly itemId: string;
  readonly documentNumber: string;
  readonly open: string;
  readonly voucherId: string | null;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface WriteOff {
  readonly writeOffId: string;
  readonly number: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly currency: string;
  readonly amount: string;
  readonly recovered: string;
  readonly reason: string;
  readonly status: WriteOffStatus;
  readonly policyVersion: number;
  readonly threshold: string;
  readonly requestedOn: string;
  readonly requestedBy: string;
  readonly requestedByUserId: string | null;
  readonly decidedBy: string | null;
  readonly decisionNote: string | null;
  readonly decidedAt: string | null;
  readonly postedOn: string | null;
  readonly voucherId: string | null;
  readonly createdAt: string;
  readonly items: ReadonlyArray<WriteOffItem>;
  readonly recoveries: ReadonlyArray<Recovery>;
}
