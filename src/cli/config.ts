import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseEodTime } from "../domain/collections/index.ts";
import { type DeliverySettings, defaultMailFrom } from "../notify/mailer.ts";
import { defaultDatabaseUrl } from "../store/database.ts";

/** Settings from the environment (DESIGN.md §7), with the defaults a fresh machine needs. */
export interface Config {
  readonly databaseUrl: string;
  readonly port: number;
  readonly host: string;
  readonly smtpUrl: string | null;
  /** MAIL_FROM: the sender of every email. */
  readonly mailFrom: string;
  /** SMS_WEBHOOK_URL: where SMS is posted; unset, SMS stays in the outbox. */
  readonly smsWebhookUrl: string | null;
  /** SMS_WEBHOOK_TOKEN: sent to the SMS webhook as a bearer token. */
  readonly smsWebhookToken: string | null;
  readonly secret: string;
  /** CREDENCE_EOD_TIME: "HH:MM" local to each organization, when `serve` runs its end-of-day batch. */
  readonly eodTime: string;
}

export const defaultPort = 3000;
const secretFile = "./data/secret";
const secretBytes = 32;
const secretLengthMin = 16;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === "" ? defaultPort : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be 0..65535 (got "${env.PORT}")`);
  return {
    databaseUrl:
      env.DATABASE_URL === undefined || env.DATABASE_URL === "" ? defaultDatabaseUrl : env.DATABASE_URL,
    port,
    host: env.HOST === undefined || env.HOST === "" ? "0.0.0.0" : env.HOST,
    smtpUrl: env.SMTP_URL === undefined || env.SMTP_URL === "" ? null : env.SMTP_URL,
    mailFrom: env.MAIL_FROM === undefined || env.MAIL_FROM === "" ? defaultMailFrom : env.MAIL_FROM,
    smsWebhookUrl: smsWebhookUrlOf(env.SMS_WEBHOOK_URL),
    smsWebhookToken: smsWebhookTokenOf(env.SMS_WEBHOOK_TOKEN),
    secret: loadSecret(env.CREDENCE_SECRET),
    eodTime: eodTimeOf(env.CREDENCE_EOD_TIME),
  };
}

/** Where the outbox delivers, as `serve` and its scheduler use it. */
export function deliverySettingsOf(config: Config): DeliverySettings {
  return {
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    smsWebhookUrl: config.smsWebhookUrl,
    smsWebhookToken: config.smsWebhookToken,
  };
}

/**
 * An http(s) URL without user:password (fetch refuses those; the token goes in a header). The
 * message names the variable, never the value: it may hold a key in its query string.
 */
function smsWebhookUrlOf(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("SMS_WEBHOOK_URL must be an http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error("SMS_WEBHOOK_URL must be an http:// or https:// URL");
  if (url.username !== "" || url.password !== "")
    throw new Error("SMS_WEBHOOK_URL must not hold user:password; set SMS_WEBHOOK_TOKEN instead");
  return value;
}

/** Visible ASCII only: it goes into an HTTP header. */
function smsWebhookTokenOf(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  if (!/^[\x21-\x7e]+$/.test(value))
    throw new Error("SMS_WEBHOOK_TOKEN must be printable ASCII without spaces");
  return value;
}

export const defaultEodTime = "01:00";

function eodTimeOf(value: string | undefined): string {
  if (value === undefined || value === "") return defaultEodTime;
  if (parseEodTime(value) === null)
    throw new Error(`CREDENCE_EOD_TIME must be HH:MM, 00:00–23:59 (got "${value}")`);
  return value;
}

/** CREDENCE_SECRET, or one generated once and kept (mode 0600) under ./data/ so sessions survive restarts. */
function loadSecret(fromEnv: string | undefined): string {
  if (fromEnv !== undefined && fromEnv !== "") {
    if (fromEnv.length < secretLengthMin)
      throw new Error(`CREDENCE_SECRET must have at least ${secretLengthMin} characters`);
    return fromEnv;
  }
  const file = resolve(secretFile);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(secretBytes).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
