// Fails unless the committed console is what its sources give: the sources type-check, the
// client code regenerated from ../../proto equals src/gen, and a fresh build equals dist/, byte
// for byte.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function same(committed, fresh, what) {
  const a = files(committed).map((p) => relative(committed, p)).sort();
  const b = files(fresh).map((p) => relative(fresh, p)).sort();
  const problems = [];
  if (a.join("\n") !== b.join("\n")) problems.push(`files differ: ${a} vs ${b}`);
  for (const f of a.filter((f) => b.includes(f))) {
    if (!readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f)))) {
      problems.push(`${f} differs`);
    }
  }
  if (problems.length) {
    console.error(`${what} is stale (run \`npm run build\` in clients/web and commit):\n  ${problems.join("\n  ")}`);
    process.exitCode = 1;
  }
}

execFileSync("npx", ["tsc", "-p", "."], { stdio: "inherit" });
const tmp = mkdtempSync(join(tmpdir(), "sanzi-console-"));
try {
  const gen = join(tmp, "gen");
  const template = JSON.stringify({
    version: "v2",
    plugins: [{ local: ["node", "node_modules/@bufbuild/protoc-gen-es/bin/protoc-gen-es"], out: gen, opt: "target=ts" }],
  });
  for (const input of ["../../proto", "proto"]) {
    execFileSync("npx", ["buf", "generate", input, "--template", template], { stdio: "inherit" });
  }
  same("src/gen", gen, "src/gen (the client code from proto/)");
  const dist = join(tmp, "dist");
  execFileSync("node", ["build.mjs", dist], { stdio: "inherit" });
  same("dist", dist, "dist (the built console)");
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (!process.exitCode) console.log("console: src/gen and dist match their sources");
