import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server on loopback standing in for the SMS gateway (SMS_WEBHOOK_URL): it keeps every
 * request it gets and answers 200 {"id": "gw-<n>"} unless a test has queued other answers.
 */

export interface GatewayRequest {
  readonly method: string;
  /** Path and query string, as requested. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The body, parsed as JSON (null when it is not JSON). */
  readonly body: unknown;
  /** The status this request was answered with. */
  readonly answeredStatus: number;
}

export interface GatewayAnswer {
  readonly status: number;
  /** The answer's body, or a function of the request (to echo what it got). */
  readonly body: string | ((request: Omit<GatewayRequest, "answeredStatus">) => string);
}

export interface LoopbackSmsGateway {
  /** http://127.0.0.1:PORT/sms */
  readonly url: string;
  readonly requests: GatewayRequest[];
  /** Answers the next requests with these, in order, instead of 200 with an id. */
  answerNext(...answers: GatewayAnswer[]): void;
  close(): Promise<void>;
}

export async function startLoopbackSmsGateway(): Promise<LoopbackSmsGateway> {
  const requests: GatewayRequest[] = [];
  const answers: GatewayAnswer[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      const received = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body,
      };
      const answer = answers.shift() ?? {
        status: 200,
        body: JSON.stringify({ id: `gw-${requests.length + 1}`, status: "accepted" }),
      };
      requests.push({ ...received, answeredStatus: answer.status });
      const payload = typeof answer.body === "function" ? answer.body(received) : answer.body;
      response.writeHead(answer.status, { "content-type": "application/json; charset=utf-8" });
      response.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    requests,
    answerNext(...next) {
      answers.push(...next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
