#!/usr/bin/env node
// The `credence` command. Sources are TypeScript; tsx compiles them on load, so no build step is needed.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
