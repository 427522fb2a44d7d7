import { useRef } from "react";
import { newIdempotencyKey } from "./api/client.ts";

/**
 * The Idempotency-Key of a money-moving form. The key follows the body: the same body sent again
 * (a double click that slipped past the disabled button, a retry after a lost answer) carries
 * the same key, so the server answers with the first result instead of recording twice; any
 * change to the body, or `renew` after a success, gives a fresh key for what is a new request.
 */
export function useIdempotencyKey(): {
  readonly keyFor: (body: unknown) => string;
  readonly renew: () => void;
} {
  const last = useRef<{ readonly body: string; readonly key: string } | null>(null);
  return {
    keyFor(body) {
      const text = JSON.stringify(body);
      if (last.current === null || last.current.body !== text) {
        last.current = { body: text, key: newIdempotencyKey() };
      }
      return last.current.key;
    },
    renew() {
      last.current = null;
    },
  };
}
