import type { ErrorCode } from "./errors.ts";

/**
 * What each error code says to a person, in every UI language. The server uses it for the
 * problem+json `title`; the web app uses it to show errors. `test/unit/core/error-messages.test.ts`
 * proves that every code has every language.
 */
export const messageLanguages = ["en", "zh-CN"] as const;
export type MessageLanguage = (typeof messageLanguages)[number];

export const errorMessages: Readonly<Record<ErrorCode, Readonly<Record<MessageLanguage, string>>>> = {
  VALIDATION_FAILED: { en: "Some fields are not valid.", "zh-CN": "部分字段填写有误。" },
  MALFORMED_JSON: { en: "The request body is not valid JSON.", "zh-CN": "请求内容不是有效的 JSON。" },
  INVALID_AMOUNT: { en: "The amount is not valid.", "zh-CN": "金额格式不正确。" },
  INVALID_RATE: { en: "The rate is not valid.", "zh-CN": "利率格式不正确。" },
  INVALID_DATE: {
    en: "The date is not valid (use YYYY-MM-DD).",
    "zh-CN": "日期无效（格式应为 YYYY-MM-DD）。",
  },
  INVALID_CURRENCY: { en: "Unknown currency.", "zh-CN": "不支持的币种。" },
  CURRENCY_MISMATCH: { en: "The amounts are in different currencies.", "zh-CN": "金额币种不一致。" },
  INVALID_TIME_ZONE: { en: "Unknown time zone.", "zh-CN": "无效的时区。" },
  UNAUTHENTICATED: { en: "Please sign in.", "zh-CN": "请先登录。" },
  INVALID_CREDENTIALS: { en: "Wrong email or password.", "zh-CN": "邮箱或密码错误。" },
  CSRF_TOKEN_INVALID: {
    en: "The security token is missing or stale; reload the page.",
    "zh-CN": "安全令牌缺失或已过期，请刷新页面。",
  },
  PERMISSION_DENIED: { en: "Your role does not allow this.", "zh-CN": "您的角色无权执行此操作。" },
  NOT_FOUND: { en: "Not found.", "zh-CN": "未找到。" },
  ROUTE_NOT_FOUND: { en: "There is no such address.", "zh-CN": "地址不存在。" },
  METHOD_NOT_ALLOWED: { en: "This method is not allowed here.", "zh-CN": "不支持此请求方法。" },
  CONFLICT: { en: "This conflicts with existing data.", "zh-CN": "与现有数据冲突。" },
  EMAIL_TAKEN: { en: "A user with this email already exists.", "zh-CN": "该邮箱已被使用。" },
  ALREADY_MEMBER: { en: "This person is already a member.", "zh-CN": "该用户已是成员。" },
  LAST_OWNER: {
    en: "An organization needs at least one owner.",
    "zh-CN": "组织至少需要保留一名所有者。",
  },
  IDEMPOTENCY_IN_PROGRESS: {
    en: "The same request is still being processed.",
    "zh-CN": "相同的请求仍在处理中。",
  },
  PERIOD_CLOSED: {
    en: "The accounting period is closed; reopen it or post in an open period.",
    "zh-CN": "会计期间已结账，请先反结账或在未结账期间记账。",
  },
  PERIOD_SEQUENCE: {
    en: "Periods close in order and reopen in reverse order.",
    "zh-CN": "会计期间须按顺序结账、按倒序反结账。",
  },
  ALREADY_REVERSED: { en: "This voucher has already been reversed.", "zh-CN": "该凭证已被冲销。" },
  ACCOUNT_IN_USE: {
    en: "The account already has postings or sub-accounts.",
    "zh-CN": "该科目已有发生额或下级科目。",
  },
  SELF_APPROVAL: {
    en: "A request needs a second person: you cannot approve your own request.",
    "zh-CN": "此申请须由另一人审批，不能审批自己提交的申请。",
  },
  ALREADY_DECIDED: {
    en: "This request has already been decided.",
    "zh-CN": "该申请已审批完毕。",
  },
  PLAN_STATUS: {
    en: "The plan is not in a status that allows this action.",
    "zh-CN": "分期计划当前状态不允许此操作。",
  },
  INVOICE_STATUS: {
    en: "The invoice is not in a status that allows this action; an issued invoice is corrected by a credit or debit note.",
    "zh-CN": "发票当前状态不允许此操作；已开具的发票只能通过红字（贷项）或补开（借项）单据更正。",
  },
  PAYMENT_STATUS: {
    en: "The payment is not in a status that allows this action.",
    "zh-CN": "该笔回款当前状态不允许此操作。",
  },
  BANK_STATEMENT_DUPLICATE: {
    en: "This bank statement has already been imported.",
    "zh-CN": "该银行对账单已导入过，不能重复导入。",
  },
  BANK_LINE_STATUS: {
    en: "This bank line has already been resolved.",
    "zh-CN": "该银行流水已处理。",
  },
  EOD_BUSY: {
    en: "The end-of-day batch for this date is being run by another instance; try again when it has finished.",
    "zh-CN": "该日期的日终批处理正由另一实例运行，请待其完成后再试。",
  },
  ALERT_STATUS: {
    en: "The alert is not in a status that allows this action (it may already be resolved or cleared).",
    "zh-CN": "预警当前状态不允许此操作（可能已处理或已自动解除）。",
  },
  STATEMENT_LINK_INVALID: {
    en: "This statement link is invalid or has expired; ask the sender for a new one.",
    "zh-CN": "该对账单链接无效或已过期，请联系发送方重新发送。",
  },
  RATE_ABOVE_CEILING: {
    en: "The plan's annualized rate is above the organization's rate ceiling.",
    "zh-CN": "该分期计划的年化利率超过本组织设定的利率上限。",
  },
  RECEIVABLE_TOO_SMALL: {
    en: "Installment credit can only put on installments what the customer already owes.",
    "zh-CN": "账款分期的金额不能超过客户当前的应收账款余额。",
  },
  PROVISION_NOT_APPLICABLE: {
    en: "Organizations on the Accounting Standard for Small Enterprises use the direct write-off method and make no bad-debt provision.",
    "zh-CN": "小企业会计准则采用直接转销法，不计提坏账准备。",
  },
  STATEMENT_REQUIRED: {
    en: "Enter the customer's financial statements or a credit report before assessing.",
    "zh-CN": "评估前请先录入客户的财务报表或征信报告。",
  },
  CREDIT_BLOCKED: {
    en: "The credit check blocks this: the customer is over its limit, overdue, on hold or without a valid assessment.",
    "zh-CN": "信用检查未通过：客户超出额度、逾期、被冻结或没有有效的信用评估。",
  },
  BODY_TOO_LARGE: { en: "The request is too large.", "zh-CN": "请求内容过大。" },
  UNSUPPORTED_MEDIA_TYPE: {
    en: "Send JSON (application/json).",
    "zh-CN": "请以 JSON 格式提交（application/json）。",
  },
  IDEMPOTENCY_KEY_REUSED: {
    en: "This Idempotency-Key was already used for a different request.",
    "zh-CN": "该幂等键已用于另一个不同的请求。",
  },
  CONFIRMATION_REQUIRED: { en: "Please confirm this action.", "zh-CN": "请确认此操作。" },
  VOUCHER_UNBALANCED: { en: "Debits do not equal credits.", "zh-CN": "借贷不平衡。" },
  RULE_UNBALANCED: {
    en: "The posting rule cannot balance: debits and credits use different amounts.",
    "zh-CN": "记账规则借贷不平衡：借方与贷方金额表达式不一致。",
  },
  ACCOUNT_INACTIVE: { en: "The account is inactive.", "zh-CN": "该科目已停用。" },
  ACCOUNT_NOT_POSTABLE: {
    en: "Post to a leaf account, not to an account with sub-accounts.",
    "zh-CN": "只能记入末级科目，不能记入有下级科目的科目。",
  },
  CUSTOMER_REQUIRED: {
    en: "Lines on a receivables account need a customer.",
    "zh-CN": "应收类科目的分录须指定客户（辅助核算）。",
  },
  TOO_MANY_REQUESTS: { en: "Too many attempts; try again later.", "zh-CN": "尝试次数过多，请稍后再试。" },
  INTERNAL: { en: "Something went wrong on our side.", "zh-CN": "服务器内部错误。" },
  SERVICE_UNAVAILABLE: { en: "The service is temporarily unavailable.", "zh-CN": "服务暂不可用。" },
  PDF_FONT_MISSING: {
    en: "PDF documents cannot be produced: the Chinese font (Noto Sans CJK) is not installed on the server.",
    "zh-CN": "无法生成 PDF 文件：服务器未安装中文字体（Noto Sans CJK）。",
  },
};

export function errorMessage(code: ErrorCode, language: MessageLanguage): string {
  return errorMessages[code][language];
}

/** Picks the best supported language from an Accept-Language header (Chinese first for zh-*). */
export function languageFromHeader(acceptLanguage: string | undefined): MessageLanguage {
  if (acceptLanguage === undefined) return "en";
  const first = acceptLanguage.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("zh") ? "zh-CN" : "en";
}
