// Share: a dialog with a link to the view and the code of an iframe that
// embeds it.
import { esc } from "./i18n.js";
import { viewerURL, embedURL } from "./static.js";

const $ = (id) => document.getElementById(id);

export function share(app) {
  $("share").addEventListener("click", () => {
    const q = app.viewParams();
    q.delete("slider");
    $("share-link").value = viewerURL(q);
    const title = `${app.i18n.zh() && app.meta.title_zh ? app.meta.title_zh : app.meta.title}, ${app.state.year}`;
    $("share-embed").value = `<iframe src="${embedURL(q)}" width="640" height="480" style="border:0" loading="lazy" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" title="${esc(title)}"></iframe>`;
    $("share-dialog").showModal();
  });
  const copy = (id) => () => {
    $(id).select();
    navigator.clipboard?.writeText($(id).value).catch(() => {});
  };
  $("copy-link").addEventListener("click", copy("share-link"));
  $("copy-embed").addEventListener("click", copy("share-embed"));
}
