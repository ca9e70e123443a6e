// npm test: builds the server once for all the browser test files, runs
// them one at a time (Lighthouse measures time, so nothing else runs
// beside it), and removes the build. Arguments name the files to run
// (`node test/run.mjs lighthouse viewer`); none runs them all.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./harness.mjs";

const dir = join(root, "web", "test");
const tmp = mkdtempSync(join(tmpdir(), "chronoatlas-web-"));
const bin = join(tmp, "chronoatlas");
let status = 1;
try {
  execFileSync("go", ["build", "-o", bin, "./cmd/chronoatlas"], { cwd: root, stdio: "inherit" });
  const only = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".test.mjs") && (!only.length || only.includes(f.replace(".test.mjs", ""))))
    .map((f) => join(dir, f));
  if (!files.length) throw new Error(`no test file named ${only.join(", ")}`);
  const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], {
    stdio: "inherit", env: { ...process.env, CHRONOATLAS_BIN: bin },
  });
  status = run.status ?? 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
