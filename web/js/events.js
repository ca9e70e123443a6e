// Events and campaigns: a mark for each event of the slider's year and a
// dashed route for each campaign, both listed by year in the panel.
import { inYear } from "./time.js";
import { eventPopup } from "./popups.js";
import { yearOf } from "./time.js";

const ICON = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 1 15 8 8 15 1 8Z" fill="#b5561b" stroke="#fff" stroke-width="1.5"/></svg>';

// eventLayer makes the marks of the point events and the routes of the
// campaigns; update() shows those of the year whose layer is on.
export function eventLayer(app, pointEvents, campaigns) {
  const group = L.layerGroup().addTo(app.map);
  for (const f of campaigns) f.campaign = true;
  const events = [...pointEvents, ...campaigns].sort((a, b) => yearOf(a.properties.start) - yearOf(b.properties.start));
  const marks = new Map();
  for (const f of events) {
    let m;
    if (f.geometry.type === "LineString") {
      // A campaign: its route, dashed, ending in a dot where it ended.
      const route = f.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
      m = L.featureGroup([
        L.polyline(route, { color: "#b5561b", weight: 3, opacity: 0.9, dashArray: "8 6", className: "campaign" }),
        L.circleMarker(route[route.length - 1], { radius: 4, color: "#b5561b", fillColor: "#b5561b", fillOpacity: 1, weight: 1 }),
      ]);
    } else if (f.geometry.type === "Point") {
      const [lon, lat] = f.geometry.coordinates;
      m = L.marker([lat, lon], { icon: L.divIcon({ className: "event-icon", html: ICON, iconSize: [16, 16] }), keyboard: true, title: f.properties.name });
    } else continue;
    m.bindPopup(() => eventPopup(app, f), { maxWidth: 340 });
    marks.set(f, m);
  }
  const ofYear = () => events.filter((f) => inYear(f.properties, app.state.year));
  function update() {
    const wanted = new Set();
    for (const f of ofYear()) {
      const m = marks.get(f);
      if (m && app.state.layers.has(f.campaign ? "campaigns" : "events")) wanted.add(m);
    }
    for (const m of group.getLayers()) if (!wanted.has(m)) group.removeLayer(m);
    for (const m of wanted) {
      if (!group.hasLayer(m)) group.addLayer(m);
      else if (m.isPopupOpen()) m.getPopup().update(); // it follows the language
    }
  }
  // show flies to an event and opens its popup, adding it if its layer is off.
  function show(f) {
    const m = marks.get(f);
    if (!m) return;
    if (!group.hasLayer(m)) group.addLayer(m);
    if (m.getLatLng) app.map.flyTo(m.getLatLng(), Math.max(app.map.getZoom(), 6), { duration: 0.8 });
    else app.map.flyToBounds(m.getBounds(), { padding: [40, 40], duration: 0.8 });
    app.map.once("moveend", () => m.openPopup());
  }
  // icons are where the marks of the point events shown are, for the
  // labels to avoid.
  const icons = () => group.getLayers().filter((m) => m instanceof L.Marker).map((m) => m.getLatLng());
  return { update, ofYear, show, icons };
}
