// The event map: Leaflet with no tile server, Natural Earth outlines shipped in the bundle,
// and supercluster so that 100,000 events stay fluid (only the clusters in view are drawn).

import L from "leaflet";
import "leaflet/dist/leaflet.css";
import Supercluster from "supercluster";

export class EventMap {
  constructor(element, { onSelect, colorOf }) {
    this.element = element;
    this.onSelect = onSelect;
    this.colorOf = colorOf;
    this.renderer = L.canvas({ padding: 0.3 });
    this.map = L.map(element, {
      center: [15, 0],
      zoom: 5,
      minZoom: 2,
      maxZoom: 14,
      preferCanvas: true,
      worldCopyJump: false,
      attributionControl: true,
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth (public domain)");
    this.layer = L.layerGroup().addTo(this.map);
    this.index = null;
    this.cols = null;
    this.map.on("moveend", () => this.render());
  }

  async loadBasemap(url) {
    const res = await fetch(url);
    const data = await res.json();
    L.geoJSON(data, {
      interactive: false,
      renderer: this.renderer,
      style: { color: "#7b8794", weight: 0.8, fillColor: "#f2efe6", fillOpacity: 1 },
    }).addTo(this.map);
  }

  // areas of influence: GeoJSON hexagons from /api/layers/influence, under the events
  setInfluence(geojson) {
    if (this.influence) this.influence.remove();
    this.influence = null;
    if (!geojson) { this.element.dataset.influenceCells = "0"; return; }
    this.influence = L.geoJSON(geojson, {
      renderer: this.renderer,
      interactive: false,
      style: (f) => {
        const p = f.properties;
        const dominant = p.status === "dominant";
        return {
          color: dominant ? this.colorOf(p.network) : "#555",
          weight: 0.8,
          dashArray: dominant ? null : "3 3",
          fillColor: dominant ? this.colorOf(p.network) : "#999",
          fillOpacity: dominant ? 0.35 : 0.15,
        };
      },
    }).addTo(this.map);
    this.element.dataset.influenceCells = String(geojson.features.length);
  }

  // cols: columnar points from /api/events/points; keep: indices to show (time brush applied)
  setPoints(cols, keep) {
    this.cols = cols;
    const features = new Array(keep.length);
    for (let j = 0; j < keep.length; j++) {
      const i = keep[j];
      features[j] = {
        type: "Feature",
        geometry: { type: "Point", coordinates: [cols.longitude[i], cols.latitude[i]] },
        properties: { i, net: cols.network1[i] || "(none)" },
      };
    }
    this.index = new Supercluster({
      radius: 48,
      maxZoom: 12,
      map: (p) => ({ nets: { [p.net]: 1 } }),
      reduce: (acc, p) => {
        for (const [k, v] of Object.entries(p.nets)) acc.nets[k] = (acc.nets[k] || 0) + v;
      },
    });
    this.index.load(features);
    this.element.dataset.points = String(features.length);
    this.render();
  }

  fitTo(keep) {
    if (!this.cols || keep.length === 0) return;
    let [w, s, e, n] = [180, 90, -180, -90];
    for (const i of keep) {
      w = Math.min(w, this.cols.longitude[i]); e = Math.max(e, this.cols.longitude[i]);
      s = Math.min(s, this.cols.latitude[i]); n = Math.max(n, this.cols.latitude[i]);
    }
    this.map.fitBounds([[s, w], [n, e]], { padding: [40, 40], maxZoom: 7 });
  }

  render() {
    this.layer.clearLayers();
    if (!this.index) return;
    const b = this.map.getBounds();
    const zoom = Math.round(this.map.getZoom());
    // a margin of a quarter view around the screen, so that panning shows no empty edge
    const dx = (b.getEast() - b.getWest()) / 4, dy = (b.getNorth() - b.getSouth()) / 4;
    const box = [Math.max(-180, b.getWest() - dx), Math.max(-85, b.getSouth() - dy),
      Math.min(180, b.getEast() + dx), Math.min(85, b.getNorth() + dy)];
    const items = this.index.getClusters(box, zoom);
    let clusters = 0;
    let points = 0;
    let drawn = 0;
    for (const f of items) {
      const [lon, lat] = f.geometry.coordinates;
      if (f.properties.cluster) {
        clusters++;
        drawn += f.properties.point_count;
        this.layer.addLayer(this.clusterMarker(f, lat, lon));
      } else {
        points++;
        drawn++;
        this.layer.addLayer(this.pointMarker(f.properties.i, lat, lon));
      }
    }
    this.element.dataset.rendered = String(clusters + points);
    this.element.dataset.clusters = String(clusters);
    this.element.dataset.single = String(points);
    this.element.dataset.drawnEvents = String(drawn); // events represented on screen (clusters count theirs)
  }

  clusterMarker(f, lat, lon) {
    const count = f.properties.point_count;
    const nets = f.properties.nets || {};
    const top = Object.entries(nets).sort((a, b) => b[1] - a[1])[0];
    const size = Math.round(22 + Math.min(30, Math.log2(count) * 4));
    const icon = L.divIcon({
      className: "",
      // the count is a number computed here, never text from the data
      html: `<div class="cw-cluster" style="width:${size}px;height:${size}px;background:${this.colorOf(top ? top[0] : "")}">${Number(count)}</div>`,
      iconSize: [size, size],
    });
    const marker = L.marker([lat, lon], { icon, keyboard: false });
    marker.on("click", () => {
      const z = Math.min(this.index.getClusterExpansionZoom(f.properties.cluster_id), 14);
      this.map.setView([lat, lon], z);
    });
    return marker;
  }

  pointMarker(i, lat, lon) {
    const c = this.cols;
    const fat = c.fatalities[i] || 0;
    const marker = L.circleMarker([lat, lon], {
      renderer: this.renderer,
      radius: 6 + Math.min(8, Math.sqrt(fat)),
      color: "#222",
      weight: 1,
      fillColor: this.colorOf(c.network1[i] || ""),
      fillOpacity: 0.85,
    });
    const tip = document.createElement("span");
    tip.textContent = `${c.event_date[i] || "undated"} · ${c.event_type[i]} · ${c.location[i]}`;
    marker.bindTooltip(tip);
    marker.on("click", () => this.onSelect(c.event_id_cnty[i]));
    return marker;
  }

  // screen position of an event (for tests and for centring)
  pointOf(eventId) {
    if (!this.cols) return null;
    const i = this.cols.event_id_cnty.indexOf(eventId);
    if (i < 0) return null;
    return this.map.latLngToContainerPoint([this.cols.latitude[i], this.cols.longitude[i]]);
  }
}
