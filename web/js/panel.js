// The panel: the polities of the moment, the layers, and the year's
// events. Beside the map on a wide screen; a sheet over the map on a phone,
// so the map never moves when it opens.
import { alive } from "./time.js";
import { esc } from "./i18n.js";

const $ = (id) => document.getElementById(id);

export function panel(app, events) {
  const { meta, state, timeline, i18n } = app;

  // The layers, as the dataset lists them (bottom to top).
  for (const l of meta.layers) {
    const label = document.createElement("label");
    label.innerHTML = `<input type="checkbox" value="${esc(l.id)}" ${state.layers.has(l.id) ? "checked" : ""}> <span class="layer-name"></span>`;
    label.querySelector("input").addEventListener("change", (e) => {
      if (e.target.checked) state.layers.add(l.id);
      else state.layers.delete(l.id);
      app.layersChanged();
    });
    $("layers").append(label);
  }

  // The sheet opens and closes with the Legend button; on a wide screen
  // the same button folds the panel away.
  const phone = matchMedia("(max-width: 720px)");
  const toggle = $("panel-toggle");
  const setOpen = (open) => {
    document.body.dataset.panel = open ? "open" : "closed";
    toggle.setAttribute("aria-expanded", String(open));
  };
  setOpen(!phone.matches);
  phone.addEventListener("change", () => setOpen(!phone.matches));
  toggle.addEventListener("click", () => {
    setOpen(document.body.dataset.panel !== "open");
    if (!phone.matches) app.map.invalidateSize();
  });
  $("panel-close").addEventListener("click", () => {
    setOpen(false);
    toggle.focus();
  });

  function legend() {
    const present = new Map();
    for (const tl of timeline.territories) if (alive(tl, app.t)) present.set(tl.polity, tl);
    $("legend").innerHTML = [...present.keys()].filter((id) => app.polities[id]).map((id) => {
      const p = app.polities[id], over = app.polities[present.get(id).overlord];
      const under = !over ? "" : i18n.zh() ? `（屬${esc(i18n.name(over))}）` : ` (under ${esc(i18n.name(over))})`;
      return `<li><span class="swatch" style="background:${esc(p.color)}"></span><span>${esc(i18n.name(p))}${!i18n.zh() && p.name_zh ? ` <span lang="zh-Hant">${esc(p.name_zh)}</span>` : ""}${under}</span></li>`;
    }).join("");
  }

  function eventList() {
    $("events-title").innerHTML = i18n.zh() ? `<span id="events-year">${state.year}</span>年大事` : `Events of <span id="events-year">${state.year}</span>`;
    const list = events.ofYear();
    $("events").innerHTML = list.length ? "" : `<li class="hint">${esc(i18n.tr("No event recorded this year."))}</li>`;
    for (const f of list) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.innerHTML = `<span class="kind">${esc(i18n.tr(f.properties.kind || ""))}</span><br>${esc(i18n.name(f.properties))}`;
      b.addEventListener("click", () => {
        if (phone.matches) setOpen(false);
        events.show(f);
      });
      li.append(b);
      $("events").append(li);
    }
  }

  function update() {
    for (const [i, el] of [...document.querySelectorAll(".layer-name")].entries()) {
      const l = meta.layers[i];
      el.textContent = i18n.zh() && l.title_zh ? l.title_zh : l.title;
    }
    legend();
    eventList();
  }
  return { update };
}
