import { sql } from "kysely";
import { z } from "zod";
import { latestMigrationName } from "../../store/migrations.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";

export function systemRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    "/api/health",
    {
      config: { access: { kind: "public" } },
      schema: {
        tags: ["system"],
        summary: "Liveness and database reachability",
        response: {
          200: z.object({
            status: z.literal("ok"),
            engine: z.string(),
            schemaVersion: z.string(),
            time: z.string(),
          }),
        },
      },
    },
    async () => {
      await sql`select 1`.execute(deps.store.db);
      return {
        status: "ok" as const,
        engine: deps.store.engine,
        schemaVersion: latestMigrationName,
        time: deps.clock().toISOString(),
      };
    },
  );
}
