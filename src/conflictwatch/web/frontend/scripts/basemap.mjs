// Build the offline basemap: Natural Earth country outlines (npm world-atlas@2.0.2, TopoJSON)
// converted to GeoJSON at build time.  1:50m detail for Africa and its neighbours, 1:110m elsewhere;
// coordinates rounded to 0.01 degree.  Output: public/basemap.geojson (copied into the bundle by vite).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const load = (name) => JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8"));
const DETAIL_BOX = [-30, -40, 60, 42]; // west, south, east, north: where the 1:50m outlines are kept

const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100] : c.map(round));

function bbox(geom) {
  let [w, s, e, n] = [180, 90, -180, -90];
  const walk = (c) => {
    if (typeof c[0] === "number") { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); }
    else c.forEach(walk);
  };
  walk(geom.coordinates);
  return [w, s, e, n];
}
const inDetail = (g) => { const [w, s, e, n] = bbox(g); return !(e < DETAIL_BOX[0] || w > DETAIL_BOX[2] || n < DETAIL_BOX[1] || s > DETAIL_BOX[3]); };

const fine = feature(load("countries-50m.json"), "countries").features.filter((f) => f.geometry && inDetail(f.geometry));
const fineIds = new Set(fine.map((f) => f.id));
const coarse = feature(load("countries-110m.json"), "countries").features.filter((f) => f.geometry && !fineIds.has(f.id) && !inDetail(f.geometry));
const features = [...fine, ...coarse].map((f) => ({
  type: "Feature",
  id: f.id,
  properties: { name: f.properties.name },
  geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
}));
const out = join(here, "..", "public", "basemap.geojson");
mkdirSync(dirname(out), { recursive: true });
const body = JSON.stringify({ type: "FeatureCollection", source: "Natural Earth via world-atlas@2.0.2 (public domain)", features });
writeFileSync(out, body);
console.log(`basemap: ${features.length} countries (${fine.length} at 1:50m), ${(body.length / 1024).toFixed(0)} KiB -> ${out}`);
