import { audit } from "./test/lighthouse.mjs";
for (const p of ["/", "/embed"]) for (const s of ["mobile", "desktop"]) {
  const r = await audit(process.argv[2] + p, s);
  console.log(p, s, JSON.stringify(r.scores), r.cls.toFixed(3), "bench", r.lhr.environment.benchmarkIndex, JSON.stringify(r.failed));
}
