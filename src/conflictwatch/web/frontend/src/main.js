// conflictwatch dashboard: filters -> /api/events/points -> clustered map + timeline brush; click -> panel.

import "./style.css";
import { api, apiKey, setApiKey } from "./api.js";
import { EventMap } from "./map.js";
import { EventPanel } from "./panel.js";
import { Timeline } from "./timeline.js";

const state = { colors: new Map(), cols: null, filters: {} };
window.cwState = state; // read by the browser tests

function colorOf(network) {
  return state.colors.get(network || "(none)") || "#7f7f7f";
}

function fillSelect(select, items) {
  const current = select.value;
  select.replaceChildren(new Option("all", ""));
  for (const { value, count } of items) {
    if (value === "" || value === null) continue;
    select.append(new Option(`${value} (${count})`, value));
  }
  select.value = current;
}

function formFilters() {
  const data = new FormData(document.getElementById("filter-form"));
  const out = {};
  for (const [k, v] of data.entries()) if (v !== "") out[k] = k === "include_rejected" ? "true" : v;
  return out;
}

function renderLegend(networks) {
  const list = document.getElementById("legend-list");
  list.replaceChildren();
  for (const n of networks) {
    state.colors.set(n.network, n.color);
    const li = document.createElement("li");
    li.dataset.network = n.network;
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = n.color;
    const label = document.createElement("span");
    label.textContent = `${n.network} (${n.count})`;
    li.append(sw, label);
    list.append(li);
  }
}

function showCount() {
  const keep = state.keep || [];
  const label = document.getElementById("count");
  label.textContent = `${keep.length} event${keep.length === 1 ? "" : "s"}`;
  label.dataset.value = String(keep.length);
  const r = state.brush;
  document.getElementById("range-label").textContent = r ? `${r[0]} → ${r[1]}` : "";
}

function applyBrush(fit) {
  state.keep = timeline.keep(state.cols.event_date);
  map.setPoints(state.cols, state.keep);
  if (fit) map.fitTo(state.keep);
  showCount();
}

async function load({ fit = false } = {}) {
  document.body.dataset.loading = "1";
  state.filters = formFilters();
  const [points, networks, facets] = await Promise.all([
    api("events/points", { params: state.filters }),
    api("networks", { params: state.filters }),
    api("events/facets", { params: { include_rejected: state.filters.include_rejected } }),
  ]);
  renderLegend(networks.networks);
  fillSelect(document.getElementById("f-country"), facets.country);
  fillSelect(document.getElementById("f-event-type"), facets.event_type);
  fillSelect(document.getElementById("f-network"), facets.network1.map((f) => ({ value: f.value, count: f.count })));
  state.cols = points.data;
  await loadInfluence();
  timeline.setDates(state.cols.event_date);
  applyBrush(fit);
  document.body.dataset.ready = "1";
  document.body.dataset.loading = "0";
}

function select(id) {
  window.history.replaceState(null, "", `#event=${encodeURIComponent(id)}`);
  panel.show(id).catch(showError);
}

const map = new EventMap(document.getElementById("map"), { onSelect: select, colorOf });
const timeline = new Timeline(document.getElementById("timeline"), {
  onBrush: (range) => { state.brush = range; applyBrush(false); },
});
let panel;

async function loadInfluence() {
  const on = document.getElementById("f-influence").checked;
  map.setInfluence(on ? await api("layers/influence", { params: state.filters }) : null);
}

function showError(err) {
  const box = document.getElementById("panel");
  const p = document.createElement("p");
  p.className = "msg";
  p.textContent = `Error: ${err.message}`;
  box.replaceChildren(p);
}

async function main() {
  const keyInput = document.getElementById("api-key");
  keyInput.value = apiKey();
  keyInput.addEventListener("change", () => {
    if (keyInput.value.trim() === apiKey()) return; // same key: keep what the analyst is editing
    setApiKey(keyInput.value);
    if (panel.eventId) panel.show(panel.eventId).catch(showError);
  });
  document.getElementById("key-form").addEventListener("submit", (e) => { e.preventDefault(); keyInput.blur(); });
  const capabilities = await api("capabilities");
  if (capabilities.layers) {
    document.getElementById("influence-toggle").hidden = false;
    document.getElementById("f-influence").addEventListener("change", () => loadInfluence().catch(showError));
  }
  panel = new EventPanel(document.getElementById("panel"), { capabilities, onChanged: () => load() });
  state.panel = panel;
  state.map = map;
  document.getElementById("filter-form").addEventListener("submit", (e) => { e.preventDefault(); load({ fit: true }).catch(showError); });
  document.getElementById("filter-form").addEventListener("reset", () => setTimeout(() => load({ fit: true }).catch(showError), 0));
  document.getElementById("clear-brush").addEventListener("click", () => timeline.clear());
  await map.loadBasemap("basemap.geojson");
  await load({ fit: true });
  const linked = /^#event=(.+)$/.exec(window.location.hash);
  if (linked) await panel.show(decodeURIComponent(linked[1])).catch(showError);
}

main().catch(showError);
