// Places and labels: a dot and a name for each place alive in the slider's
// year, styled as a capital only while a capital role of it holds, named as
// it was named then, with labels that never overlap.
import { alive } from "./time.js";
import { esc, list } from "./i18n.js";
import { placePopup, fillHolder } from "./popups.js";

// kindAt is a place's kind at the decimal year t: a capital while one of
// its capital roles holds; a place written as a capital is a city outside
// them; any other keeps its kind.
export function kindAt(f, t) {
  const roles = list(f.properties.roles);
  if (roles.some((r) => r.role === "capital" && alive(r, t))) return "capital";
  const kind = f.properties.kind;
  return kind === "capital" && roles.some((r) => r.role === "capital") ? "city" : kind;
}

// nameAt is the entry of a place's names that holds at t, or the place.
export const nameAt = (f, t) => list(f.properties.names).find((n) => alive(n, t)) || f.properties;

const style = (capital) => ({ radius: capital ? 6 : 4.5, color: "#2d2a26", weight: 1.5, fillColor: capital ? "#fff4c2" : "#fff", fillOpacity: 1 });

// placeLayer makes the places' markers; update(t) shows those of a moment.
export function placeLayer(app, features) {
  const group = L.layerGroup().addTo(app.map);
  const markers = [];
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    const m = L.circleMarker([lat, lon], style(false));
    m.feature = f;
    // The label is a marker of its own rather than a tooltip: Leaflet
    // measures a tooltip each time it places one, a layout per label, where
    // a marker is only moved.
    m.label = L.marker([lat, lon], { icon: L.divIcon({ className: "place-label", html: "", iconSize: null, iconAnchor: [-7, 9] }), interactive: false, keyboard: false });
    // A label hidden to make room shows while the pointer is on its place.
    m.on("mouseover", () => m.label.getElement()?.classList.remove("crowded"));
    m.on("mouseout", () => declutter());
    m.bindPopup(() => placePopup(app, f), { maxWidth: 320 });
    m.on("popupopen", () => fillHolder(app, f, m));
    markers.push(m);
  }

  // Place labels never overlap one another nor cover an event's mark or
  // the dot of a place ranked above them: the capitals of the moment first,
  // then places with a role, then the rest in the data's order; a label
  // that would cover one already placed is hidden until zooming in makes
  // room.
  // Boxes are worked out, not measured: measuring would make the browser
  // lay the page out in the middle of the script. A label starts 7 px right
  // of its place and is 18 px high; a dot's or an event mark's box is
  // shrunk by a pixel, as a label starts where a dot ends.
  // The labels' font is read before any label is on the page: read later,
  // it would make the browser restyle the page mid-script.
  const scratch = document.createElement("canvas").getContext("2d");
  scratch.font = `600 13px ${getComputedStyle(app.map.getContainer()).fontFamily}`;
  function declutter() {
    const map = app.map;
    const shown = group.getLayers()
      .filter((m) => m instanceof L.CircleMarker && m.label.getElement())
      .map((m, order) => {
        const p = map.latLngToContainerPoint(m.getLatLng()), r = m.getRadius() - 1;
        const w = scratch.measureText(m.labelText).width;
        return { el: m.label.getElement(), rank: m.rank, order, box: { left: p.x + 7, right: p.x + 7 + w, top: p.y - 9, bottom: p.y + 9 }, dot: { left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r } };
      })
      .sort((a, b) => a.rank - b.rank || a.order - b.order);
    const placed = app.eventMarks().map((ll) => {
      const p = map.latLngToContainerPoint(ll);
      return { left: p.x - 7, right: p.x + 7, top: p.y - 7, bottom: p.y + 7 };
    });
    for (const l of shown) {
      const b = l.box;
      placed.push(l.dot);
      const crowded = placed.some((p) => b.left < p.right && p.left < b.right && b.top < p.bottom && p.top < b.bottom);
      l.el.classList.toggle("crowded", crowded);
      if (!crowded) placed.push(b);
    }
  }
  app.map.on("zoomend viewreset", declutter);

  // update shows the places alive at app.t, each styled by its kind then
  // and labelled with its name then. A marker that stays is left alone, and
  // a label is rewritten only when its text changes: re-adding every
  // marker costs more than repainting the tiles.
  function update() {
    const { state, t, i18n } = app;
    for (const m of markers) {
      const wanted = state.layers.has("places") && alive(m.feature.properties, t);
      if (!wanted) {
        if (group.hasLayer(m)) group.removeLayer(m).removeLayer(m.label);
        continue;
      }
      const capital = kindAt(m.feature, t) === "capital";
      const roles = list(m.feature.properties.roles).filter((r) => alive(r, t));
      m.rank = capital ? 0 : roles.length ? 1 : 2;
      if (m.capital !== capital) {
        m.setStyle(style(capital)).setRadius(style(capital).radius);
        m.capital = capital;
      }
      const text = i18n.name(nameAt(m.feature, t));
      if (m.labelText !== text) {
        m.label.options.icon.options.html = esc(text);
        if (m.label.getElement()) m.label.getElement().textContent = text;
        m.labelText = text;
      }
      if (!group.hasLayer(m)) group.addLayer(m).addLayer(m.label);
      // A popup left open follows the year and the language: it is made
      // again from its function (setting its content would fix the text).
      if (m.isPopupOpen()) {
        m.getPopup().update();
        fillHolder(app, m.feature, m);
      }
    }
    declutter();
  }
  return { group, update, declutter, markers };
}
