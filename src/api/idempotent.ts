import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors.ts";
import { runCommand, type Tx } from "../services/command.ts";
import {
  idempotencyKeyPattern,
  requestFingerprint,
  type StoredResponse,
  withIdempotency,
} from "../services/idempotency.ts";
import { membershipOf } from "./access.ts";
import type { ApiDeps } from "./deps.ts";

export const idempotencyHeaderName = "idempotency-key";

/**
 * Runs a money-moving command as one transaction, honoring `Idempotency-Key`: a retry with the
 * same key and body gets the first answer (marked `Idempotent-Replayed: true`); the same key with
 * another body gets 422.
 */
export async function sendIdempotent(
  deps: ApiDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  command: (tx: Tx) => Promise<StoredResponse>,
): Promise<FastifyReply> {
  const key = request.headers[idempotencyHeaderName];
  if (key === undefined) {
    const response = await runCommand(deps.store, command, deps.clock);
    return reply.status(response.statusCode).send(response.body);
  }
  if (typeof key !== "string" || !idempotencyKeyPattern.test(key)) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [
        { path: "headers.idempotency-key", code: "INVALID", message: "1 to 200 visible ASCII characters" },
      ],
    });
  }
  const { orgId } = membershipOf(request);
  const fingerprint = requestFingerprint({
    method: request.method,
    path: request.routeOptions.url ?? request.url,
    body: { params: request.params, body: request.body ?? null },
  });
  const outcome = await runCommand(
    deps.store,
    (tx) => withIdempotency(tx, orgId, key, fingerprint, () => command(tx)),
    deps.clock,
  );
  if (outcome.replayed) reply.header("idempotent-replayed", "true");
  return reply.status(outcome.statusCode).send(outcome.body);
}
