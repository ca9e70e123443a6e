// Copies the viewer's front-end libraries from node_modules (installed by
// `npm ci`, pinned by package-lock.json) into vendor/, which the Go binary
// embeds. Nothing in vendor/ but its README is committed.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = [
  ["node_modules/leaflet/dist/leaflet.js", "vendor/leaflet/leaflet.js"],
  ["node_modules/leaflet/dist/leaflet.css", "vendor/leaflet/leaflet.css"],
  ["node_modules/leaflet/dist/images", "vendor/leaflet/images"],
  ["node_modules/leaflet/LICENSE", "vendor/leaflet/LICENSE"],
  ["node_modules/protomaps-leaflet/dist/protomaps-leaflet.js", "vendor/protomaps-leaflet/protomaps-leaflet.js"],
  ["node_modules/protomaps-leaflet/LICENSE", "vendor/protomaps-leaflet/LICENSE"],
];
for (const dir of ["vendor/leaflet", "vendor/protomaps-leaflet"]) {
  rmSync(join(web, dir), { recursive: true, force: true });
}
for (const [from, to] of files) {
  const src = join(web, from);
  if (!existsSync(src)) {
    if (from.endsWith("LICENSE")) continue;
    throw new Error(`${from} is missing: run npm ci in web/ first`);
  }
  mkdirSync(dirname(join(web, to)), { recursive: true });
  cpSync(src, join(web, to), { recursive: true });
}
console.log(`vendored ${files.length} files into web/vendor`);
