// `npm test`: everything a change must pass, in order, stopping at the first failure:
// the type check, the layering check (.dependency-cruiser.cjs), the unit tests (Node, cpu and wasm
// backends), the production build, and the browser tests against the built site in a real Chromium.
import {spawnSync} from "node:child_process";

const steps = [
  ["type check", "npm", ["run", "-s", "typecheck"]],
  ["layering (dependency-cruiser)", "npm", ["run", "-s", "layers"]],
  ["unit tests", "npm", ["run", "-s", "test:unit"]],
  ["production build", "npm", ["run", "-s", "build"]],
  ["browser tests", "npm", ["run", "-s", "test:browser"]]
];
const env = {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"};
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const {status} = spawnSync(command, args, {stdio: "inherit", env});
  console.log(`=== ${name}: ${status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (status !== 0) process.exit(status ?? 1);
}
