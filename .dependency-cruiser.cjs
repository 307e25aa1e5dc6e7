// The course's layering, checked by `npm run layers` (part of `npm test`). Imports run one way:
//   text, corpus → tfjs → model → training → io → editing → lessons → worker → components → pages
// (docs/architecture.md says what each folder holds). A module may import its own folder and the
// folders before it, never one after it, and no import cycle is allowed: type-only imports count.
const LAYERS = ["text", "corpus", "tfjs", "model", "training", "io", "editing", "lessons", "worker", "components"];

/** src/<layer>/ may not import src/<any later layer>/. */
const upward = LAYERS.map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  severity: "error",
  comment: `src/${layer}/ may import only ${LAYERS.slice(0, i + 1).join(", ")} (and packages)`,
  from: {path: `^src/${layer}/`},
  to: {path: `^src/(${LAYERS.slice(i + 1).join("|")})/`}
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "no-cycle",
      severity: "error",
      comment: "an import cycle, type-only imports included",
      from: {path: "^src/"},
      to: {circular: true}
    },
    {
      name: "library-not-from-pages-or-scripts",
      severity: "error",
      comment: "library modules under src/ never import the command line, tests or benchmarks",
      from: {path: "^src/"},
      to: {path: "^(scripts|test)/"}
    }
  ],
  options: {
    doNotFollow: {path: "node_modules"},
    exclude: {path: "^src/vendor/|^src/\\.observablehq/"},
    tsPreCompilationDeps: true,
    tsConfig: {fileName: "tsconfig.json"},
    enhancedResolveOptions: {extensions: [".ts", ".js", ".mjs"]},
  }
};
