// The timeline: events per day (or per ISO week over long spans) as SVG bars; dragging across it
// chooses a date range (the "brush"), handed to `onBrush(since, until)`.
const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const PAD = { left: 30, right: 10, top: 8, bottom: 18 };

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function toDay(date) { return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)); }
function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

export class Timeline {
  constructor(container, { onBrush }) {
    this.container = container;
    this.onBrush = onBrush;
    this.bins = [];
    this.range = { since: "", until: "" };
    new ResizeObserver(() => this.draw()).observe(container);
  }

  /** Bin the dates of `points` (each with `event_date`); `range` is the chosen since/until. */
  setData(dates, range) {
    this.range = range;
    const days = dates.filter(Boolean).map(toDay);
    if (!days.length) { this.bins = []; this.draw(); return; }
    const lo = Math.min(...days), hi = Math.max(...days);
    this.step = (hi - lo) / DAY > 180 ? 7 : 1;
    const start = this.step === 7 ? lo - ((new Date(lo).getUTCDay() + 6) % 7) * DAY : lo;  // a Monday
    const n = Math.floor((hi - start) / (this.step * DAY)) + 1;
    this.start = start;
    this.bins = Array.from({ length: n }, (_, i) => ({ from: start + i * this.step * DAY, count: 0 }));
    for (const d of days) this.bins[Math.floor((d - start) / (this.step * DAY))].count += 1;
    this.draw();
  }

  draw() {
    const box = this.container;
    while (box.firstChild) box.removeChild(box.firstChild);
    const width = box.clientWidth || 600, height = box.clientHeight || 110;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, "data-step": this.step || 1,
                              "data-bins": this.bins.length });
    box.append(root);
    this.width = width;
    if (!this.bins.length) return;
    const plotW = width - PAD.left - PAD.right, plotH = height - PAD.top - PAD.bottom;
    const max = Math.max(...this.bins.map(b => b.count), 1);
    const bw = plotW / this.bins.length;
    const since = this.range.since ? toDay(this.range.since) : -Infinity;
    const until = this.range.until ? toDay(this.range.until) : Infinity;
    this.bins.forEach((b, i) => {
      const h = (b.count / max) * plotH;
      const inside = b.from + (this.step - 1) * DAY >= since && b.from <= until;
      const rect = svg("rect", { x: PAD.left + i * bw + 0.5, y: PAD.top + plotH - h, width: Math.max(bw - 1, 1),
                                 height: h, class: inside ? "bar in" : "bar" });
      const title = svg("title");
      title.textContent = `${iso(b.from)}${this.step === 7 ? " (week)" : ""}: ${b.count}`;
      rect.append(title);
      root.append(rect);
    });
    const axis = (x, text, anchor) => { const t = svg("text", { x, y: height - 4, class: "axis", "text-anchor": anchor });
                                        t.textContent = text; root.append(t); };
    axis(PAD.left, iso(this.bins[0].from), "start");
    axis(width - PAD.right, iso(this.bins[this.bins.length - 1].from), "end");
    const maxLabel = svg("text", { x: 2, y: PAD.top + 8, class: "axis" });
    maxLabel.textContent = String(max);
    root.append(maxLabel);
    this.brushRect = svg("rect", { class: "brush", y: PAD.top, height: plotH, x: 0, width: 0, visibility: "hidden" });
    root.append(this.brushRect);
    this.geometry = { plotW, bw };
    this.listen(root);
  }

  binAt(x) {
    const i = Math.floor((x - PAD.left) / this.geometry.bw);
    return Math.min(Math.max(i, 0), this.bins.length - 1);
  }

  listen(root) {
    const xOf = (e) => (e.clientX - root.getBoundingClientRect().left) * (this.width / root.getBoundingClientRect().width);
    let x0 = null;
    root.addEventListener("pointerdown", (e) => { x0 = xOf(e); root.setPointerCapture(e.pointerId); });
    root.addEventListener("pointermove", (e) => {
      if (x0 === null) return;
      const x1 = xOf(e);
      this.brushRect.setAttribute("x", Math.min(x0, x1));
      this.brushRect.setAttribute("width", Math.abs(x1 - x0));
      this.brushRect.setAttribute("visibility", "visible");
    });
    root.addEventListener("pointerup", (e) => {
      if (x0 === null) return;
      const x1 = xOf(e);
      const [a, b] = [this.binAt(Math.min(x0, x1)), this.binAt(Math.max(x0, x1))];
      const dragged = Math.abs(x1 - x0) >= 3;
      x0 = null;
      if (!dragged) { this.onBrush("", ""); return; }  // a click clears the date range
      const since = iso(this.bins[a].from), until = iso(this.bins[b].from + (this.step - 1) * DAY);
      this.onBrush(since, until);
    });
  }
}
