import { describe, expect, it } from "vitest";
import { deliverySettingsOf, loadConfig } from "../../../src/cli/config.ts";
import {
  configuredChannels,
  defaultMailFrom,
  deliveryDisabled,
  retryDelayMs,
} from "../../../src/notify/mailer.ts";

/** The delivery settings from the environment, and the backoff between attempts. */

const base = { CREDENCE_SECRET: "unit-test-secret-0123456789" };

describe("delivery settings from the environment", () => {
  it("leaves SMS (and email) in the outbox when unset", () => {
    const settings = deliverySettingsOf(loadConfig(base));
    expect(settings).toEqual(deliveryDisabled);
    expect(configuredChannels(settings)).toEqual([]);
  });

  it("takes SMS_WEBHOOK_URL, SMS_WEBHOOK_TOKEN, SMTP_URL and MAIL_FROM", () => {
    const settings = deliverySettingsOf(
      loadConfig({
        ...base,
        SMTP_URL: "smtp://user:pw@mail.example:587",
        MAIL_FROM: "AR <ar@example.test>",
        SMS_WEBHOOK_URL: "https://sms.example/send?key=abc",
        SMS_WEBHOOK_TOKEN: "tok_123-abc",
      }),
    );
    expect(settings).toEqual({
      smtpUrl: "smtp://user:pw@mail.example:587",
      from: "AR <ar@example.test>",
      smsWebhookUrl: "https://sms.example/send?key=abc",
      smsWebhookToken: "tok_123-abc",
    });
    expect(configuredChannels(settings)).toEqual(["email", "sms"]);
    expect(configuredChannels({ ...settings, smtpUrl: null })).toEqual(["sms"]);
    expect(deliverySettingsOf(loadConfig({ ...base, MAIL_FROM: "" })).from).toBe(defaultMailFrom);
  });

  it("refuses a webhook that is not http(s), holds a password, or a token that cannot be a header", () => {
    for (const url of ["sms.example/send", "ftp://sms.example/", "https://user:secret@sms.example/"]) {
      expect(() => loadConfig({ ...base, SMS_WEBHOOK_URL: url }), url).toThrow(/SMS_WEBHOOK_URL/);
    }
    // The message names the variable, never the value (it may hold a key).
    expect(() => loadConfig({ ...base, SMS_WEBHOOK_URL: "https://user:secret@sms.example/" })).not.toThrow(
      /secret/,
    );
    for (const token of ["two words", "line\nbreak", "中文"]) {
      expect(() => loadConfig({ ...base, SMS_WEBHOOK_TOKEN: token }), token).toThrow(/SMS_WEBHOOK_TOKEN/);
    }
  });
});

describe("retry delay", () => {
  it("is 1 minute after the first failure, doubling, at most 60 minutes", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 1_000].map((attempts) => retryDelayMs(attempts) / 60_000)).toEqual([
      1, 1, 2, 4, 8, 16, 32, 60, 60,
    ]);
  });
});
