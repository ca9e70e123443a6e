// Popups: what a place was in the slider's year (who held it, its roles,
// its name then) and what an event was, with the sources of each.
import { holder as placeHolder } from "./static.js";
import { alive } from "./time.js";
import { esc, list } from "./i18n.js";
import { nameAt } from "./places.js";

// Chinese names are in traditional characters.
const ZH = "zh-Hant";

function sourcesHTML(app, keys) {
  const bib = app.meta.bibliography || {};
  return list(keys).map((k) => {
    const b = bib[k];
    return b ? `${esc(b.author)}, <i>${esc(b.title)}</i>${b.year ? ` (${esc(b.year)})` : ""}${b.pages ? `, ${esc(b.pages)}` : ""}` : esc(k);
  }).join("; ");
}

// polityName is a polity's name in the language shown, with its Chinese
// name beside it in English.
export function polityName(app, id) {
  const p = app.polities[id];
  if (!p) return esc(id);
  const zh = !app.i18n.zh() && p.name_zh ? ` <span lang="${ZH}">${esc(p.name_zh)}</span>` : "";
  return esc(app.i18n.name(p)) + zh;
}

export function placePopup(app, f) {
  const { state, t, i18n } = app;
  const p = f.properties, n = nameAt(f, t), zh = i18n.zh();
  const roles = list(p.roles).filter((r) => alive(r, t))
    .map((r) => (zh ? `${polityName(app, r.polity)}${esc(i18n.tr(r.role))}` : `${esc(r.role)} of ${polityName(app, r.polity)}`));
  const [first, second] = zh && n.name_zh ? [n.name_zh, n.name] : [n.name, n.name_zh || ""];
  return `<div class="popup"><h3>${esc(first)} <span class="zh" lang="${zh ? "en" : ZH}">${esc(second)}</span>${n.pinyin ? ` <span class="pinyin" lang="zh-Latn-pinyin">${esc(n.pinyin)}</span>` : ""}</h3>
    <dl><dt>${zh ? `${state.year}年` : `In ${state.year}`}</dt><dd class="holder">…</dd>
    ${roles.length ? `<dt>${zh ? "地位" : "Role"}</dt><dd>${roles.join(zh ? "、" : ", ")}</dd>` : ""}
    ${n.name !== p.name ? `<dt>${zh ? "今名" : "Known as"}</dt><dd>${esc(zh && p.name_zh ? p.name_zh : p.name)}</dd>` : ""}</dl>
    ${p.description ? `<p>${esc(p.description)}</p>` : ""}
    <p class="sources">${esc(i18n.tr("Sources: "))}${sourcesHTML(app, p.sources)}</p></div>`;
}

// fillHolder asks the server who held the place in the year shown and
// writes it into the open popup, unless the year has moved on meanwhile.
export async function fillHolder(app, f, m) {
  const year = app.state.year;
  const holder = await placeHolder(f.id, year);
  const el = m.getPopup()?.getElement()?.querySelector(".holder");
  if (!el || year !== app.state.year) return;
  el.innerHTML = app.i18n.zh() ? (holder ? `屬${polityName(app, holder)}` : "不在所繪疆域內")
    : holder ? `held by ${polityName(app, holder)}` : "outside the mapped territories";
}

export function eventPopup(app, f) {
  const { i18n } = app;
  const p = f.properties, zh = i18n.zh();
  return `<div class="popup"><h3>${esc(i18n.name(p))} <span class="zh" lang="${zh ? "en" : ZH}">${esc(zh ? p.name : p.name_zh || "")}</span></h3>
    <dl><dt>${i18n.tr("Date")}</dt><dd>${esc(p.start)}${p.end && p.end !== p.start ? ` – ${esc(p.end)}` : ""}</dd>
    ${p.date_source ? `<dt>${i18n.tr("In the source")}</dt><dd>${esc(p.date_source)}</dd>` : ""}
    ${p.participants ? `<dt>${i18n.tr("Sides")}</dt><dd>${list(p.participants).map((id) => polityName(app, id)).join(zh ? "、" : ", ")}</dd>` : ""}
    ${p.outcome ? `<dt>${i18n.tr("Outcome")}</dt><dd>${esc(p.outcome)}</dd>` : ""}</dl>
    ${p.description ? `<p>${esc(p.description)}</p>` : ""}
    <p class="sources">${i18n.tr("Sources: ")}${sourcesHTML(app, p.sources)}${p.certainty !== "certain" ? ` · ${esc(i18n.tr(p.certainty))}` : ""}</p></div>`;
}
