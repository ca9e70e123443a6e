// i18n: the words around the map in English or Chinese (traditional
// characters). The data's names come in both; its descriptions stay English.
const ZH = {
  "Skip to the year slider": "跳至年份滑桿", "Share / Embed": "分享／嵌入", Share: "分享", "Legend": "圖例",
  "Polities": "政權", "dashed border: approximate or uncertain": "虛線邊界：大致或存疑", "Layers": "圖層",
  "One year back": "上一年", "One year forward": "下一年", "Play": "播放", "Play or pause": "播放或暫停", Map: "地圖",
  "Share or embed this map": "分享或嵌入此地圖", "Link to this view": "此視圖的連結", "Embed code": "嵌入代碼",
  "The embed shows the same year and view, works in a sandboxed iframe, and needs nothing but this server.":
    "嵌入的地圖顯示同一年份與視野，可在沙箱 iframe 中運行，只需本伺服器。",
  "Copy link": "複製連結", "Copy embed code": "複製嵌入代碼", "Close": "關閉", "Open in chronoatlas": "在 chronoatlas 中打開",
  "No event recorded this year.": "本年無記載大事。", "Layers shown": "顯示的圖層",
  "Map of the year shown on the slider": "滑桿所示年份的地圖", "Legend, layers and events": "圖例、圖層與大事", Year: "年份",
  founding: "建國", capture: "攻取", battle: "戰役", treaty: "和議", campaign: "征伐", siege: "圍城", flood: "水患",
  raid: "突襲", execution: "處死", assassination: "弒殺", war: "戰爭", defection: "叛降",
  capital: "都城", city: "城市", pass: "關隘",
  Date: "日期", "In the source": "原文紀年", Sides: "交戰方", Outcome: "結果", "Sources: ": "資料來源：",
  approximate: "大致", uncertain: "存疑", "Show names in Chinese": "以中文顯示名稱", "Show names in English": "以英文顯示名稱",
  "Zoom in": "放大", "Zoom out": "縮小",
};

// makeI18n gives the translating functions for a state whose lang is "en"
// or "zh".
export function makeI18n(state) {
  const zh = () => state.lang === "zh";
  const tr = (s) => (zh() && ZH[s]) || s;
  // name is the name of a thing in the language shown.
  const name = (o) => (zh() && o.name_zh ? o.name_zh : o.name);
  // translatePage rewrites every element marked data-i18n (its text) and
  // data-i18n-label (its aria-label and title).
  function translatePage(root = document) {
    for (const el of root.querySelectorAll("[data-i18n]")) {
      el.dataset.en ??= el.textContent;
      el.textContent = tr(el.dataset.en);
    }
    for (const el of root.querySelectorAll("[data-i18n-label]")) {
      el.dataset.en ??= el.getAttribute("aria-label");
      el.setAttribute("aria-label", tr(el.dataset.en));
      if (el.title) el.title = tr(el.dataset.en) + (el.title.match(/ \([^)]*\)$/)?.[0] || ""); // keeps a shortcut: " (P)"
    }
    document.documentElement.lang = zh() ? "zh-Hant" : "en";
  }
  return { zh, tr, name, translatePage };
}

// esc makes text safe inside HTML.
export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

// list reads a property that may come as JSON text (from the tiles) or as
// an array (from GeoJSON).
export const list = (v) => (typeof v === "string" ? JSON.parse(v) : v || []);
