import { audit } from "./test/lighthouse.mjs";
const { lhr, scores, cls } = await audit(process.argv[2], process.argv[3] || "mobile");
console.log(scores, cls);
for (const id of ["largest-contentful-paint-element", "layout-shifts", "long-tasks", "bootup-time"]) {
  const a = lhr.audits[id]; if (!a) continue;
  console.log("==", id, a.displayValue || "");
  console.log(JSON.stringify(a.details?.items, (k, v) => (k === "snippet" || k === "boundingRect" ? undefined : v)).slice(0, 2500));
}
