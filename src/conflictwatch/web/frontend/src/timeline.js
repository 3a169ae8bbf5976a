// Timeline: events per week as bars on a canvas, with a brush (drag to select a date range).

const DAY = 86400000;

function toDay(iso) {
  return iso ? Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY) : null;
}
export function dayToIso(day) {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export class Timeline {
  constructor(canvas, { onBrush }) {
    this.canvas = canvas;
    this.onBrush = onBrush;
    this.days = [];
    this.range = null; // [startDay, endDay] inclusive, null = all
    this.drag = null;
    canvas.addEventListener("mousedown", (e) => this.start(e));
    window.addEventListener("mousemove", (e) => this.move(e));
    window.addEventListener("mouseup", (e) => this.end(e));
    window.addEventListener("resize", () => this.draw());
  }

  setDates(isoDates) {
    this.days = isoDates.map(toDay);
    let lo = Infinity, hi = -Infinity;
    for (const d of this.days) if (d !== null) { if (d < lo) lo = d; if (d > hi) hi = d; }
    this.min = lo === Infinity ? 0 : lo;
    this.max = hi === -Infinity ? 0 : hi;
    if (this.max - this.min < 28) { this.min -= 14; this.max += 14; }
    this.draw();
  }

  clear() {
    this.range = null;
    this.draw();
    this.onBrush(null);
  }

  x(day) {
    const w = this.canvas.clientWidth;
    return 30 + ((day - this.min) / Math.max(1, this.max - this.min + 7)) * (w - 40);
  }
  dayAt(px) {
    const w = this.canvas.clientWidth;
    return Math.round(this.min + ((px - 30) / (w - 40)) * (this.max - this.min + 7));
  }

  draw() {
    const cv = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    cv.width = cv.clientWidth * ratio;
    cv.height = cv.clientHeight * ratio;
    const g = cv.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const w = cv.clientWidth, h = cv.clientHeight;
    g.clearRect(0, 0, w, h);
    const bins = new Map();
    for (const d of this.days) {
      if (d === null) continue;
      const b = d - ((d - this.min) % 7);
      bins.set(b, (bins.get(b) || 0) + 1);
    }
    let peak = 1;
    for (const n of bins.values()) peak = Math.max(peak, n);
    const bw = Math.max(1, this.x(this.min + 7) - this.x(this.min) - 1);
    for (const [b, n] of bins) {
      const inside = !this.range || (b + 6 >= this.range[0] && b <= this.range[1]);
      g.fillStyle = inside ? "#3b6ea5" : "#c5cfdb";
      const bh = (n / peak) * (h - 22);
      g.fillRect(this.x(b), h - 16 - bh, bw, bh);
    }
    g.fillStyle = "#556";
    g.font = "10px sans-serif";
    g.fillText(dayToIso(this.min), 30, h - 4);
    const last = dayToIso(this.max);
    g.fillText(last, w - 10 - g.measureText(last).width, h - 4);
    g.fillText(String(peak), 4, 12);
    if (this.range) {
      g.fillStyle = "rgba(255,170,0,0.18)";
      g.strokeStyle = "#e08a00";
      const x0 = this.x(this.range[0]), x1 = this.x(this.range[1] + 1);
      g.fillRect(x0, 0, x1 - x0, h - 14);
      g.strokeRect(x0, 0, x1 - x0, h - 14);
    }
  }

  px(e) {
    const r = this.canvas.getBoundingClientRect();
    return e.clientX - r.left;
  }
  start(e) {
    this.drag = this.dayAt(this.px(e));
    this.range = [this.drag, this.drag];
    this.draw();
  }
  move(e) {
    if (this.drag === null) return;
    const d = this.dayAt(this.px(e));
    this.range = [Math.min(d, this.drag), Math.max(d, this.drag)];
    this.draw();
  }
  end() {
    if (this.drag === null) return;
    this.drag = null;
    if (this.range && this.range[1] - this.range[0] < 1) this.range = null;
    this.draw();
    this.onBrush(this.range ? [dayToIso(this.range[0]), dayToIso(this.range[1])] : null);
  }

  // indices of dates inside the brush (all when none)
  keep(isoDates) {
    const out = [];
    for (let i = 0; i < isoDates.length; i++) {
      if (!this.range) { out.push(i); continue; }
      const d = toDay(isoDates[i]);
      if (d !== null && d >= this.range[0] && d <= this.range[1]) out.push(i);
    }
    return out;
  }
}
