// The page: filters held in the URL; points (for the map and timeline) fetched without the date range,
// which is applied here so brushing is instant; the list pages through /api/v1/events with every filter.
import { API, FILTER_KEYS, filterParams, getJSON } from "./api.js";
import { showDetail } from "./detail.js";
import { clear, el, typeColour, TYPE_COLOURS } from "./dom.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const form = $("filters");
let filters = {};
let selected = null;
let points = [];          // every event of the non-date filters
let pointsKey = null;     // the query those points answer
let nextCursor = null;
let map, timeline;

function readURL() {
  const params = new URLSearchParams(location.search);
  filters = Object.fromEntries(FILTER_KEYS.map(k => [k, params.get(k) || ""]));
  filters.fused = params.get("fused") === "true";
  selected = params.get("event");
}

function writeURL(push) {
  const params = filterParams(filters, { event: selected });
  const url = `${location.pathname}${params.toString() ? `?${params}` : ""}`;
  if (url !== `${location.pathname}${location.search}`) history[push ? "pushState" : "replaceState"](null, "", url);
}

function fillForm() {
  for (const key of FILTER_KEYS) {
    const input = form.elements[key];
    if (!input) continue;
    if (input.type === "checkbox") input.checked = Boolean(filters[key]);
    else input.value = filters[key] || "";
  }
}

function readForm() {
  for (const key of FILTER_KEYS) {
    const input = form.elements[key];
    if (!input) continue;
    filters[key] = input.type === "checkbox" ? input.checked : input.value.trim();
  }
}

function status(message, error = false) {
  $("status").textContent = message;
  $("status").classList.toggle("error", error);
}

async function loadTaxonomy() {
  const tax = await getJSON("/taxonomy");
  const typeSelect = form.elements.type, subSelect = form.elements.sub_type;
  for (const type of Object.keys(tax.event_types)) typeSelect.append(el("option", { value: type }, type));
  const fillSubs = () => {
    const chosen = typeSelect.value;
    const keep = subSelect.value;
    clear(subSelect).append(el("option", { value: "" }, "any"));
    for (const [type, subs] of Object.entries(tax.event_types)) {
      if (chosen && chosen !== type) continue;
      for (const sub of subs) subSelect.append(el("option", { value: sub }, sub));
    }
    subSelect.value = [...subSelect.options].some(o => o.value === keep) ? keep : "";
  };
  typeSelect.addEventListener("change", fillSubs);
  fillSubs();
}

function legend() {
  const items = Object.entries(TYPE_COLOURS).map(([type, colour]) =>
    el("span", {}, el("span", { class: "sw", style: { background: colour } }), type));
  const precision = [["solid", "site"], ["dash", "near / region"], ["ring", "province or country centre"]]
    .map(([cls, label]) => el("span", {}, el("span", { class: `sw ${cls}`, style: { background: "#bbb" } }), label));
  $("legend").append(...items, el("span", {}, "· outline = geo precision:"), ...precision, el("span", {}, "· size = fatalities"));
}

function inDates(p) {
  if (filters.since && !(p.event_date && p.event_date >= filters.since)) return false;
  if (filters.until && !(p.event_date && p.event_date <= filters.until)) return false;
  return true;
}

async function refresh({ fit = false } = {}) {
  status("Loading…");
  document.body.dataset.busy = "true";
  try {
    const undated = { ...filters, since: "", until: "" };
    const key = filterParams(undated).toString();
    if (key !== pointsKey) {
      const body = await getJSON("/points", filterParams(undated));
      points = body.points.map(row => Object.fromEntries(body.columns.map((c, i) => [c, row[i]])));
      pointsKey = key;
    }
    const chosen = points.filter(inDates);
    const located = chosen.filter(p => p.latitude !== null && p.longitude !== null);
    map.setPoints(located, { fit });
    timeline.setData(points.map(p => p.event_date), { since: filters.since, until: filters.until });
    $("counts").textContent = `${chosen.length} event${chosen.length === 1 ? "" : "s"} · ${located.length} on the map`;
    $("counts").dataset.events = String(chosen.length);
    $("counts").dataset.located = String(located.length);
    for (const [fmt, id] of [["csv", "export-csv"], ["geojson", "export-geojson"]]) {
      $(id).href = `${API}/events?${filterParams(filters, { format: fmt })}`;
    }
    await loadList(true);
    if (selected) await select(selected, { pan: false });
    status(`${chosen.length} event${chosen.length === 1 ? "" : "s"}`);
  } catch (error) {
    status(error.message, true);
  } finally {
    document.body.dataset.busy = "false";
  }
}

function listFilters() {
  // "in map view": the list follows the map, through the same bbox filter the API takes.
  if (!$("in-view").checked) return filters;
  return { ...filters, bbox: map.viewBox() };
}

async function loadList(first) {
  const list = $("list");
  if (first) { nextCursor = null; }
  const page = await getJSON("/events", filterParams(listFilters(), { limit: 100, cursor: nextCursor }));
  if (first) clear(list);
  for (const e of page.events) list.append(listItem(e));
  nextCursor = page.next_cursor;
  $("more").hidden = !nextCursor;
  const shown = list.children.length;
  $("count-list").textContent = `${shown} listed${nextCursor ? " (more below)" : ""}`;
  $("count-list").dataset.count = String(shown);
  markSelected();
}

function listItem(e) {
  const where = { 2: " (near)", 3: " (province or country only)" }[e.geo_precision] || "";
  return el("li", { "data-id": e.event_id, tabindex: 0, onclick: () => select(e.event_id, { pan: true }),
                    onkeydown: (ev) => { if (ev.key === "Enter") select(e.event_id, { pan: true }); } },
    el("span", { class: "dot", style: { background: typeColour(e.event_type) } }),
    el("span", { class: "l1" }, `${e.event_date || "undated"} · ${e.sub_event_type || e.event_type || "?"}`),
    el("span", { class: "l2" }, ([e.location, e.country].filter(Boolean).join(", ") || "unlocated") + where,
       e.fatalities ? ` · ${e.fatalities} killed` : "", e.sources ? ` · ${e.sources.length} source(s)` : ""),
    el("span", { class: "l2" }, [e.actor1, e.actor2].filter(Boolean).join(" vs ")));
}

function markSelected() {
  for (const li of $("list").children) li.classList.toggle("selected", li.dataset.id === selected);
  const item = [...$("list").children].find(li => li.dataset.id === selected);
  if (item) item.scrollIntoView({ block: "nearest" });
}

async function select(eventId, { pan = false } = {}) {
  selected = eventId;
  writeURL(false);
  markSelected();
  map.select(eventId, { pan });
  $("detail").hidden = false;
  try {
    await showDetail($("detail-body"), eventId, filters.fused);
  } catch (error) {
    status(error.message, true);
  }
}

function closeDetail() {
  $("detail").hidden = true;
  selected = null;
  map.select(null);
  markSelected();
  writeURL(false);
}

async function main() {
  readURL();
  fillForm();
  legend();
  map = new EventMap($("map"), { onSelect: (id) => select(id) });
  timeline = new Timeline($("timeline"), {
    onBrush: (since, until) => { filters.since = since; filters.until = until; fillForm(); writeURL(true); refresh(); },
  });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); readForm(); writeURL(true); refresh({ fit: true }); });
  $("reset").addEventListener("click", () => { filters = {}; selected = null; fillForm(); writeURL(true); closeDetail(); refresh({ fit: true }); });
  $("more").addEventListener("click", () => loadList(false));
  let moved = null;
  const relist = () => { document.body.dataset.busy = "true";
                         loadList(true).catch(e => status(e.message, true)).finally(() => { document.body.dataset.busy = "false"; }); };
  map.map.on("moveend", () => { if ($("in-view").checked) { clearTimeout(moved); moved = setTimeout(relist, 150); } });
  $("in-view").addEventListener("change", relist);
  $("close-detail").addEventListener("click", closeDetail);
  window.addEventListener("popstate", () => { readURL(); fillForm(); refresh(); });
  try {
    await Promise.all([loadTaxonomy(), map.loadBasemap()]);
    fillForm();
  } catch (error) {
    status(error.message, true);
  }
  await refresh({ fit: true });
  document.body.dataset.ready = "true";
}

main();
