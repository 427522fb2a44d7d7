import { z } from "zod";
import { permissions, roles } from "../domain/access/index.ts";
import { accountingFrameworks, locales } from "../domain/organization/index.ts";

/** Shared request and response shapes. Request bodies are strict: unknown fields are refused. */

export const textLengthMax = 200;
export const pageSizeDefault = 50;

/** Ids in paths arrive in any case; rows store lowercase. */
export const idParam = z
  .string()
  .max(64)
  .transform((s) => s.toLowerCase());

export const orgParams = z.strictObject({ orgId: idParam });
export const nameText = z.string().trim().min(1).max(textLengthMax);
export const emailText = z.email().max(254);
export const roleEnum = z.enum(roles);
export const localeEnum = z.enum(locales);
export const instantText = z.iso.datetime();

export const userView = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  locale: localeEnum,
  createdAt: z.string(),
});

export const organizationView = z.object({
  orgId: z.string(),
  name: z.string(),
  baseCurrency: z.string(),
  timeZone: z.string(),
  accountingFramework: z.enum(accountingFrameworks),
  createdAt: z.string(),
});

export const organizationOfUserView = organizationView.extend({
  role: roleEnum,
  permissions: z.array(z.enum(permissions)),
});

export const memberView = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleEnum,
  memberSince: z.string(),
});

export const pageLimit = z.coerce.number().int().min(1).max(200).default(pageSizeDefault);
