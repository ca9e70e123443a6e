// The tests' probe into the page, injected by the browser tests and never
// served to readers: when the map has settled, and which colour it shows
// at a place.
window.chronoatlasProbe = {
  // ready resolves when every tile is loaded, drawn for the year and faded
  // in (Leaflet fades new tiles in over a fifth of a second).
  ready() {
    const { tiles, repaint } = window.chronoatlas;
    const canvases = () => [...tiles.getContainer().querySelectorAll("canvas.leaflet-tile")];
    const faded = () => canvases().every((el) => el.style.opacity === "" || Number(el.style.opacity) >= 1);
    return new Promise((resolve) => {
      const settle = () => (faded() ? resolve() : setTimeout(settle, 50));
      const check = () => (tiles.isLoading() ? setTimeout(check, 50) : repaint().then(settle));
      check();
    });
  },
  // colorAt reads the map's colour at a place: the commonest colour in a
  // square of side 2r+1 pixels around it, so a river or border drawn
  // through the place does not hide the territory's fill.
  colorAt(lat, lon, r = 0) {
    const { map } = window.chronoatlas;
    const pt = map.latLngToContainerPoint([lat, lon]);
    const box = map.getContainer().getBoundingClientRect();
    const x = box.left + pt.x, y = box.top + pt.y;
    // Look through every tile canvas rather than elementsFromPoint, which
    // skips elements that take no pointer events.
    for (const el of document.querySelectorAll("canvas.leaflet-tile")) {
      const b = el.getBoundingClientRect();
      if (x < b.left || x >= b.right || y < b.top || y >= b.bottom || b.width === 0) continue;
      const sx = el.width / b.width, sy = el.height / b.height;
      const px = Math.floor((x - b.left) * sx), py = Math.floor((y - b.top) * sy);
      const x0 = Math.max(0, px - r), y0 = Math.max(0, py - r);
      const w = Math.min(el.width, px + r + 1) - x0, h = Math.min(el.height, py + r + 1) - y0;
      const d = el.getContext("2d").getImageData(x0, y0, w, h).data;
      const count = new Map();
      for (let i = 0; i < d.length; i += 4) {
        const c = "#" + [d[i], d[i + 1], d[i + 2]].map((v) => v.toString(16).padStart(2, "0")).join("");
        count.set(c, (count.get(c) || 0) + 1);
      }
      return [...count].sort((a, b) => b[1] - a[1])[0][0];
    }
    return null;
  },
};
