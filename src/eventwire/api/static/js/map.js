// The map: Leaflet on an offline Natural Earth basemap (world-atlas), events clustered by supercluster
// when dense, drawn on a canvas. Colour is the event type, size the fatalities, and the outline the geo
// precision: solid for the site itself, dashed for near it, a hollow ring for a province or country centre.
import { el, typeColour } from "./dom.js";

const MAX_ZOOM = 12;

export function radius(fatalities) {
  return Math.min(5 + 2.2 * Math.sqrt(Math.max(fatalities || 0, 0)), 22);
}

export function pointStyle(p) {
  const colour = typeColour(p.event_type);
  const base = { radius: radius(p.fatalities), color: "#222", weight: 1.5, fillColor: colour };
  if (p.geo_precision === 3) return { ...base, color: colour, weight: 2.5, fillOpacity: 0.12, dashArray: "3 3" };
  if (p.geo_precision === 2) return { ...base, fillOpacity: 0.6, dashArray: "4 2" };
  return { ...base, fillOpacity: 0.9 };
}

export class EventMap {
  constructor(container, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.renderer = L.canvas({ padding: 0.3 });
    this.map = L.map(container, { preferCanvas: true, worldCopyJump: true, minZoom: 1, maxZoom: MAX_ZOOM,
                                  zoomSnap: 0.5 }).setView([25, 20], 2);
    this.map.attributionControl.setPrefix("Leaflet · Natural Earth (public domain)");
    this.layer = L.layerGroup().addTo(this.map);
    this.points = [];
    this.byId = new Map();
    this.map.on("moveend", () => this.draw());
  }

  async loadBasemap() {
    const topo = await (await fetch("/static/vendor/countries-50m.json")).json();
    const land = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, { renderer: L.canvas(), interactive: false,
                      style: { color: "#b0a899", weight: 0.6, fillColor: "#f2efe9", fillOpacity: 1 } }).addTo(this.map);
  }

  /** Draw `points` (only located ones) and fit the view to them when `fit`. */
  setPoints(points, { fit = false } = {}) {
    this.points = points;
    this.byId = new Map(points.map(p => [p.event_id, p]));
    this.index = new Supercluster({ radius: 44, maxZoom: MAX_ZOOM - 1, minPoints: 4 });
    this.index.load(points.map(p => ({ type: "Feature", properties: { id: p.event_id },
                                         geometry: { type: "Point", coordinates: [p.longitude, p.latitude] } })));
    this.container.dataset.located = String(points.length);
    if (fit && points.length) {
      const bounds = L.latLngBounds(points.map(p => [p.latitude, p.longitude]));
      this.map.fitBounds(bounds.pad(0.15), { maxZoom: 7 });
    }
    this.draw();
  }

  draw() {
    this.layer.clearLayers();
    if (!this.index) return;
    const b = this.map.getBounds();
    const box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -85), Math.min(b.getEast(), 180), Math.min(b.getNorth(), 85)];
    const zoom = Math.round(this.map.getZoom());
    let markers = 0, clusters = 0;
    for (const f of this.index.getClusters(box, zoom)) {
      const [lon, lat] = f.geometry.coordinates;
      if (f.properties.cluster) {
        clusters += 1;
        const n = f.properties.point_count;
        const size = 22 + Math.min(Math.log2(n) * 5, 26);
        const label = el("span", {}, f.properties.point_count_abbreviated);
        const icon = L.divIcon({ html: label, className: "cluster-icon", iconSize: [size, size] });
        const m = L.marker([lat, lon], { icon, keyboard: false, title: `${n} events` });
        m.on("click", () => this.map.setView([lat, lon],
                                             Math.min(this.index.getClusterExpansionZoom(f.properties.cluster_id), MAX_ZOOM)));
        this.layer.addLayer(m);
      } else {
        markers += 1;
        const p = this.byId.get(f.properties.id);
        const m = L.circleMarker([lat, lon], { ...pointStyle(p), renderer: this.renderer });
        // A string tooltip would be set as HTML by Leaflet; a node keeps stored strings as text.
        m.bindTooltip(() => el("span", {}, `${p.event_date || "undated"} · ${p.sub_event_type || p.event_type || "?"} · ${p.location || "?"}`));
        m.on("click", () => this.onSelect(p.event_id));
        this.layer.addLayer(m);
      }
    }
    this.container.dataset.markers = String(markers);
    this.container.dataset.view = this.viewBox();
    this.container.dataset.clusters = String(clusters);
    if (this.selected) this.drawSelection();
  }

  /** The view as MIN_LON,MIN_LAT,MAX_LON,MAX_LAT inside the world's bounds (the API's bbox). */
  viewBox() {
    const b = this.map.wrapLatLngBounds(this.map.getBounds());
    const box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90), Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)];
    return box.map(x => x.toFixed(4)).join(",");
  }

  /** Ring the selected event (if it is on the map) and, with `pan`, bring it into view. */
  select(eventId, { pan = false } = {}) {
    this.selected = this.byId.get(eventId) || null;
    if (this.selected && pan) this.map.setView([this.selected.latitude, this.selected.longitude],
                                               Math.max(this.map.getZoom(), 6));
    else this.draw();
  }

  drawSelection() {
    const p = this.selected;
    L.circleMarker([p.latitude, p.longitude], { radius: radius(p.fatalities) + 6, color: "#00e5ff", weight: 3,
                                                fill: false, interactive: false, renderer: this.renderer }).addTo(this.layer);
  }
}
