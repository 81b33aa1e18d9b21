// An event's detail: every field, confidence, the claims ledger, the sources of a fused event, and the
// article text with every evidence span highlighted and labelled by field.
import { getJSON } from "./api.js";
import { clear, el, typeColour } from "./dom.js";
import { highlight } from "./highlight.js";

const HIDDEN = new Set(["evidence", "sources"]);
const CLAIM_NAMES = { claimed_by: "claimed by", attributed_by: "attributed by", denied_by: "denied by" };
const PRECISION = { 1: "1 · the site itself", 2: "2 · near it / part of a region", 3: "3 · only the province or country" };

function value(key, v) {
  if (v === null || v === undefined || (Array.isArray(v) && !v.length)) return el("span", { class: "none" }, "—");
  if (key === "confidence") {
    return el("span", {}, el("span", { class: "confidence", style: { width: `${Math.round(v * 80)}px` } }), ` ${v.toFixed(2)}`);
  }
  if (key === "geo_precision") return PRECISION[v] || String(v);
  if (Array.isArray(v)) return v.join(", ");
  return String(v);
}

export async function showDetail(body, eventId, fused) {
  clear(body).append(el("p", {}, "Loading…"));
  const record = await getJSON(`/events/${encodeURIComponent(eventId)}`, new URLSearchParams(fused ? { fused: "true" } : {}));
  const e = record.event;
  clear(body);
  body.dataset.eventId = e.event_id;
  body.append(
    el("h2", {}, el("span", { class: "dot", style: { background: typeColour(e.event_type), display: "inline-block",
                                                    width: "12px", height: "12px", borderRadius: "50%" } }),
       ` ${e.sub_event_type || e.event_type || "Event"} · ${e.location || "unlocated"} · ${e.event_date || "undated"}`),
    el("p", {}, e.notes || ""),
    el("p", { class: "kind" }, record.kind === "fused" ? `Fused event told by ${record.sources.length} source(s)` : "Article event",
       ` · confidence `, value("confidence", e.confidence)),
  );
  const sources = record.kind === "fused" ? record.sources
    : [{ article_id: e.article_id, event_id: e.event_id, source: null, url: null }];
  const textBox = el("div", { id: "article-box" });
  body.append(textBox, claims(record.claims));
  if (record.kind === "fused") body.append(sourceList(sources, textBox), lineage(record.lineage));
  body.append(fieldsTable(e));
  await showArticle(textBox, sources[0].article_id, sources[0].event_id);
}

function fieldsTable(e) {
  const pairs = Object.entries(e).filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => [el("dt", {}, k), el("dd", { "data-key": k }, value(k, v))]);
  return el("div", {}, el("h3", {}, "Fields"), el("dl", { class: "fields" }, pairs));
}

function claims(ledger) {
  const items = ledger.map(c => el("li", {}, el("b", {}, CLAIM_NAMES[c.kind] || c.kind), `: ${c.who}`,
                                   c.evidence.length ? ` — “${c.evidence.map(x => x.text).join(" … ")}”` : "",
                                   ` (article ${c.article_id}${c.source ? `, ${c.source}` : ""})`));
  return el("div", {}, el("h3", {}, "Claims"), items.length ? el("ul", { class: "claims" }, items)
    : el("p", { class: "none" }, "No one is recorded as claiming, attributing or denying it."));
}

function sourceList(sources, textBox) {
  const items = sources.map(s => el("li", {},
    el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); showArticle(textBox, s.article_id, s.event_id); } },
       s.source || s.article_id),
    ` · article ${s.article_id} · event ${s.event_id}`,
    s.url && /^https?:\/\//i.test(s.url) ? [" · ", el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, "link")] : ""));
  return el("div", {}, el("h3", {}, "Sources"), el("ul", { class: "sources" }, items));
}

function lineage(l) {
  if (!l) return "";
  const rows = Object.entries(l.fields).map(([k, ids]) => el("tr", {}, el("td", {}, k), el("td", {}, ids.join(", ") || "derived from all")));
  return el("details", {}, el("summary", {}, `Merge lineage (${l.members.length} members)`),
            el("table", {}, el("tbody", {}, rows)));
}

async function showArticle(box, articleId, eventId) {
  clear(box).append(el("p", {}, "Loading article…"));
  const a = await getJSON(`/articles/${encodeURIComponent(articleId)}`);
  const spans = a.spans.filter(s => s.event_id === eventId);
  clear(box).append(
    el("h3", {}, "Article"),
    el("p", {}, el("b", {}, a.title || "(no title)"), ` · ${a.source || "(no source)"} · ${a.date || "(no date)"} · ${a.id}`),
    el("p", { class: "legend" }, `${spans.length} evidence spans for this event, highlighted and labelled by field.`),
    el("div", { class: "article-text", "data-article-id": a.id, "data-event-id": eventId }, highlight(a.text, spans)),
  );
}
