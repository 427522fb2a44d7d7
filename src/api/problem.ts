import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { errorMessage, languageFromHeader } from "../core/error-messages.ts";
import { AppError, type ErrorCode, type FieldIssue } from "../core/errors.ts";

/** RFC 9457 problem details, with our stable `code` and the fields at fault. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly instance: string;
  readonly issues?: ReadonlyArray<FieldIssue>;
  readonly params?: Readonly<Record<string, string | number>>;
}

export const problemContentType = "application/problem+json; charset=utf-8";

export function problemType(code: ErrorCode): string {
  return `urn:credence:problem:${code.toLowerCase().replaceAll("_", "-")}`;
}

export function toProblem(error: AppError, request: FastifyRequest): Problem {
  const language = languageFromHeader(request.headers["accept-language"]);
  const title = errorMessage(error.code, language);
  return {
    type: problemType(error.code),
    title,
    status: error.status,
    code: error.code,
    ...(error.message !== error.code ? { detail: error.message } : {}),
    instance: request.url.split("?")[0] ?? request.url,
    ...(error.issues.length > 0 ? { issues: error.issues } : {}),
    ...(Object.keys(error.params).length > 0 ? { params: error.params } : {}),
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  if (error.code === "TOO_MANY_REQUESTS" && typeof error.params.retryAfterSeconds === "number") {
    reply.header("retry-after", String(error.params.retryAfterSeconds));
  }
  return reply.status(error.status).type(problemContentType).send(toProblem(error, request));
}

/** Where the failing part of a request lives: `body.email`, `query.limit`, `params.orgId`. */
function issuePath(context: string | undefined, instancePath: string): string {
  const prefix = context === "querystring" ? "query" : (context ?? "body");
  const rest = instancePath.replace(/^\//, "").replaceAll("/", ".");
  return rest === "" ? prefix : `${prefix}.${rest}`;
}

const fastifyCodes: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_BODY_TOO_LARGE: "BODY_TOO_LARGE",
  FST_ERR_CTP_EMPTY_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_INVALID_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "VALIDATION_FAILED",
  FST_ERR_CTP_INVALID_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_BAD_URL: "ROUTE_NOT_FOUND",
  FST_ERR_ASYNC_CONSTRAINT: "ROUTE_NOT_FOUND",
};

/** Turns anything thrown while handling a request into an AppError; unknown errors become INTERNAL. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError).validationContext;
    return new AppError("VALIDATION_FAILED", {
      issues: error.validation.map((v) => ({
        path: issuePath(context, v.instancePath),
        code: v.keyword,
        message: v.message ?? v.keyword,
      })),
    });
  }
  const fastifyError = error as FastifyError;
  if (Array.isArray(fastifyError.validation)) {
    return new AppError("VALIDATION_FAILED", {
      issues: fastifyError.validation.map((v) => ({
        path: issuePath(fastifyError.validationContext, v.instancePath),
        code: v.keyword,
        message: v.message ?? v.keyword,
      })),
    });
  }
  const mapped = fastifyError.code === undefined ? undefined : fastifyCodes[fastifyError.code];
  if (mapped !== undefined) return new AppError(mapped, { detail: fastifyError.message });
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new AppError("MALFORMED_JSON", { detail: error.message });
  }
  if (isResponseSerializationError(error)) return new AppError("INTERNAL", { cause: error });
  const status = fastifyError.statusCode;
  if (status === 413) return new AppError("BODY_TOO_LARGE");
  if (status === 415) return new AppError("UNSUPPORTED_MEDIA_TYPE");
  if (status === 429) return new AppError("TOO_MANY_REQUESTS");
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppError("VALIDATION_FAILED", { detail: fastifyError.message });
  }
  return new AppError("INTERNAL", { cause: error });
}
