/**
 * SMS through an HTTP webhook (SMS_WEBHOOK_URL): Credence posts each message as JSON to a small
 * gateway the operator runs or rents (Aliyun, Tencent Cloud, Twilio… each behind its own adapter),
 * so no provider's API is built in. The message id goes along as the Idempotency-Key: a retry
 * after a lost answer must not text the customer twice, and the gateway can drop the duplicate.
 */

/** Where SMS goes; `token` is sent as `Authorization: Bearer <token>` when set. */
export interface SmsWebhook {
  readonly url: string;
  readonly token: string | null;
}

/** How long one webhook call may take before it counts as a failed attempt. */
export const smsTimeoutMs = 15_000;
/** Bytes of the gateway's answer read: an id and perhaps an error text, never more. */
export const smsAnswerBytesMax = 64 * 1024;
/** Characters of the gateway's answer kept in an error. */
const answerExcerptLengthMax = 200;
/** Characters of a provider id kept; a longer "id" is not an id and is dropped. */
export const providerReferenceLengthMax = 200;

export interface SmsToSend {
  readonly messageId: string;
  readonly recipient: string;
  readonly bodyText: string;
}

/**
 * Posts one message; resolves with the provider's id (the answer's string `id`, if any) on a 2xx
 * answer and throws an Error naming the status or the network failure otherwise. The error text
 * may still hold the URL or the token: the caller redacts before it keeps it.
 */
export async function sendSms(
  webhook: SmsWebhook,
  message: SmsToSend,
): Promise<{ providerReference: string | null }> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
    "idempotency-key": message.messageId,
  };
  if (webhook.token !== null) headers.authorization = `Bearer ${webhook.token}`;
  let response: Response;
  try {
    response = await fetch(webhook.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ to: message.recipient, text: message.bodyText, messageId: message.messageId }),
      // A redirect is an answer, not a delivery: following it would send the token elsewhere.
      redirect: "manual",
      signal: AbortSignal.timeout(smsTimeoutMs),
    });
  } catch (error) {
    throw new Error(`SMS webhook unreachable: ${describeFetchError(error)}`);
  }
  let answer: string;
  try {
    answer = await answerText(response);
  } catch (error) {
    throw new Error(`SMS webhook answer unreadable (HTTP ${response.status}): ${describeFetchError(error)}`);
  }
  if (response.status < 200 || response.status > 299) {
    const excerpt = answer.replace(/\s+/g, " ").trim().slice(0, answerExcerptLengthMax);
    throw new Error(`SMS webhook answered HTTP ${response.status}${excerpt === "" ? "" : `: ${excerpt}`}`);
  }
  return { providerReference: providerReferenceOf(answer) };
}

function providerReferenceOf(answer: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    // A 2xx without JSON is still a delivery; there is just no id to keep.
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || !("id" in parsed)) return null;
  const id = (parsed as { id: unknown }).id;
  if (typeof id !== "string" || id === "" || id.length > providerReferenceLengthMax) return null;
  return id;
}

/** The answer's body as text, at most `smsAnswerBytesMax` bytes of it. */
async function answerText(response: Response): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < smsAnswerBytesMax) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, smsAnswerBytesMax).toString("utf8");
}

/** fetch says "fetch failed" and keeps the reason (ECONNREFUSED, a timeout, …) in `cause`. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${smsTimeoutMs} ms`;
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const reason = cause.message !== "" ? cause.message : typeof code === "string" ? code : cause.name;
    return `${error.message} (${reason})`;
  }
  return error.message;
}
