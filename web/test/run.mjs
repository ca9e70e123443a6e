// npm test: builds the server once for all the browser test files, runs
// them one at a time (Lighthouse measures time, so nothing else runs
// beside it), and removes the build.
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
  const files = readdirSync(dir).filter((f) => f.endsWith(".test.mjs")).map((f) => join(dir, f));
  const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], {
    stdio: "inherit", env: { ...process.env, CHRONOATLAS_BIN: bin },
  });
  status = run.status ?? 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
