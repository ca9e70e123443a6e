// The slider, as a Leaflet control at the foot of the map: a year back, play,
// a year forward, and the range of years with ticks where history happens.
// Pressing or dragging on it never pans or zooms the map.
export const YearSlider = L.Control.extend({
  options: { position: "bottomright" },

  // app is the viewer; timeline its /timeline.
  initialize(app, timeline, options) {
    L.setOptions(this, options);
    this.app = app;
    this.timeline = timeline;
    this.playing = null;
  },

  onAdd() {
    const { timeline } = this;
    const div = L.DomUtil.create("div", "slider");
    div.setAttribute("role", "group");
    div.setAttribute("aria-label", "Year");
    div.dataset.i18nLabel = "";
    div.innerHTML = `<div class="controls">
        <button type="button" id="back" aria-label="One year back" title="One year back (Shift+←)" data-i18n-label>◀</button>
        <button type="button" id="play" aria-label="Play" aria-pressed="false" title="Play or pause (P)" data-i18n-label>▶</button>
        <button type="button" id="forward" aria-label="One year forward" title="One year forward (Shift+→)" data-i18n-label>▶︎|</button>
      </div>
      <div class="track">
        <input type="range" id="year-slider" min="${timeline.start}" max="${timeline.end}" step="1" aria-label="Year" data-i18n-label>
        <div class="marks" aria-hidden="true"></div>
      </div>`;
    // Ticks: years of change, and years with events.
    const span = timeline.end - timeline.start || 1;
    const at = (y) => `left:${(((y - timeline.start) / span) * 100).toFixed(2)}%`;
    div.querySelector(".marks").innerHTML = [
      ...timeline.years.map((y) => `<i style="${at(y)}"></i>`),
      ...Object.keys(timeline.events).map((y) => `<i class="event" style="${at(Number(y))}"></i>`),
    ].join("");
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    L.DomEvent.on(div, "keydown pointerdown touchstart", L.DomEvent.stopPropagation);
    const q = (s) => div.querySelector(s);
    this.input = q("#year-slider");
    this.playButton = q("#play");
    L.DomEvent.on(this.input, "input", () => this.app.setYear(Number(this.input.value)));
    L.DomEvent.on(q("#back"), "click", () => this.app.setYear(this.app.state.year - 1));
    L.DomEvent.on(q("#forward"), "click", () => this.app.setYear(this.app.state.year + 1));
    L.DomEvent.on(this.playButton, "click", () => this.play(!this.playing));
    return div;
  },

  onRemove() {
    this.play(false);
  },

  // show sets the slider to the year and tells assistive technology the
  // year with its eras.
  show(year, eras) {
    this.input.value = year;
    this.input.setAttribute("aria-valuetext", [year, ...eras].join(", "));
  },

  // play starts or stops stepping a year every 0.7 s; at the last year it
  // stops, and from the last year it starts again at the first.
  play(on) {
    const { app, timeline } = this;
    if (on && !this.playing) {
      if (app.state.year >= timeline.end) app.setYear(timeline.start);
      this.playing = setInterval(() => (app.state.year >= timeline.end ? this.play(false) : app.setYear(app.state.year + 1)), 700);
    } else if (!on && this.playing) {
      clearInterval(this.playing);
      this.playing = null;
    }
    if (!this.playButton) return;
    this.playButton.textContent = this.playing ? "❚❚" : "▶";
    this.playButton.setAttribute("aria-pressed", String(!!this.playing));
  },
});
