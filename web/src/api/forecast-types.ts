/**
 * The forecast API's answers (src/api/routes/forecast.ts): amounts are decimal strings, dates
 * `YYYY-MM-DD`, probabilities and shares decimal fractions as strings ("0.1234").
 */

export interface ForecastWeek {
  readonly week: number;
  readonly from: string;
  readonly to: string;
  readonly expected: string;
}

export interface CashForecastView {
  readonly asOf: string;
  readonly currency: string;
  readonly weeks: ReadonlyArray<ForecastWeek>;
  readonly later: string;
  readonly disputed: string;
  readonly notExpected: string;
  readonly openTotal: string;
  readonly itemCount: number;
  readonly month: {
    readonly month: string;
    readonly from: string;
    readonly to: string;
    readonly collected: string;
    readonly forecast: string;
    readonly expectedRest: string;
  };
}

export type ForecastCategory = "expected" | "disputed" | "litigation" | "stale";
export type PredictionBasis = "customer" | "blend" | "grade" | "organization" | "none";

export interface ItemPrediction {
  readonly key: string;
  readonly source: "open-item" | "installment";
  readonly customerId: string;
  readonly customerName: string;
  readonly documentNumber: string;
  readonly dueDate: string;
  readonly open: string;
  readonly category: ForecastCategory;
  readonly predictedDate: string | null;
  readonly expectedDaysLate: number | null;
  readonly lateProbability: string;
  readonly basis: PredictionBasis;
  readonly historyItems: number;
}

export interface ItemPredictionList {
  readonly asOf: string;
  readonly currency: string;
  readonly total: number;
  readonly items: ReadonlyArray<ItemPrediction>;
}

export interface BacktestWeek {
  readonly week: number;
  readonly from: string;
  readonly to: string;
  readonly forecast: string;
  readonly actual: string;
  readonly complete: boolean;
}

export interface Backtest {
  readonly asOf: string;
  readonly measuredThrough: string;
  readonly currency: string;
  readonly itemsPredicted: number;
  readonly itemsPaid: number;
  readonly meanAbsoluteErrorDays: number | null;
  readonly itemsWithOutcome: number;
  readonly brierScore: number | null;
  readonly observedLateShare: string | null;
  readonly predictedLateShare: string | null;
  readonly weeks: ReadonlyArray<BacktestWeek>;
  readonly weeklyWape: number | null;
}

export type DelinquencyBucket = "current" | "1-30" | "31-60" | "61-90" | "90+";
export type RollTarget = DelinquencyBucket | "closed";

export interface InstallmentPortfolio {
  readonly asOf: string;
  readonly currency: string;
  readonly runningCount: number;
  readonly outstandingPrincipal: string;
  readonly unpaid: string;
  readonly byProduct: ReadonlyArray<{
    readonly product: string;
    readonly method: string;
    readonly count: number;
    readonly outstandingPrincipal: string;
  }>;
  readonly buckets: ReadonlyArray<{
    readonly bucket: DelinquencyBucket;
    readonly count: number;
    readonly outstandingPrincipal: string;
    readonly unpaid: string;
  }>;
  readonly rollRates: {
    readonly monthEnds: ReadonlyArray<string>;
    readonly rows: ReadonlyArray<{
      readonly from: DelinquencyBucket;
      readonly count: number;
      readonly to: ReadonlyArray<{
        readonly to: RollTarget;
        readonly count: number;
        readonly rate: string | null;
      }>;
    }>;
  };
}

export interface Vintage {
  readonly month: string;
  readonly planCount: number;
  readonly originalPrincipal: string;
  readonly curve: ReadonlyArray<{
    readonly monthOnBook: number;
    readonly monthEnd: string;
    readonly delinquentPrincipal: string;
    readonly share: string | null;
  }>;
}

export interface InstallmentVintages {
  readonly asOf: string;
  readonly currency: string;
  readonly vintages: ReadonlyArray<Vintage>;
}
