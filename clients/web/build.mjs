// Builds the console into dist/ (committed; embedded in sanzi-server by build.rs): the bundle
// from src/main.ts, and the page and its styles as they are. `node build.mjs [out]` builds into
// another folder (check.mjs compares the two).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2] ?? "dist";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  legalComments: "none",
  charset: "utf8",
  outfile: join(out, "console.js"),
  logLevel: "warning",
});
for (const file of ["index.html", "console.css"]) {
  copyFileSync(join("src", file), join(out, file));
}
// uPlot's own styles (the charts of 驾驶舱), as the package ships them.
copyFileSync(join("node_modules", "uplot", "dist", "uPlot.min.css"), join(out, "uplot.css"));
