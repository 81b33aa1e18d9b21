// Evidence spans over an article's text: nested <mark>s (text nodes only), each labelled by the fields
// it backs. Spans with the same bounds share one mark; a span crossing its neighbour's end is cut there.
import { el } from "./dom.js";

const GROUPS = {
  actor1: "who", actor2: "who", assoc_actor_1: "who", assoc_actor_2: "who",
  claimed_by: "claims", attributed_by: "claims", denied_by: "claims",
  event_type: "what", sub_event_type: "what", weapons: "what",
  location: "where", admin1: "where", admin2: "where", country: "where",
  event_date: "when", date_start: "when", date_end: "when",
  fatalities: "toll", injuries: "toll",
};

export function groupOf(field) { return GROUPS[field] || "what"; }

/** The grouped spans: one item per distinct (start, end), its fields and rules, in text order. */
export function mergeSpans(spans) {
  const byBounds = new Map();
  for (const s of spans) {
    const key = `${s.start}:${s.end}`;
    const item = byBounds.get(key) || { start: s.start, end: s.end, fields: [], rules: [] };
    if (!item.fields.includes(s.field)) item.fields.push(s.field);
    if (s.rule && !item.rules.includes(s.rule)) item.rules.push(s.rule);
    byBounds.set(key, item);
  }
  return [...byBounds.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** A DocumentFragment of `text` with every span of `spans` highlighted and labelled. */
export function highlight(text, spans) {
  const items = mergeSpans(spans.filter(s => s.start >= 0 && s.end <= text.length && s.start < s.end));
  const [nodes] = build(text, 0, text.length, items, 0);
  const fragment = document.createDocumentFragment();
  fragment.append(...nodes.map(n => (typeof n === "string" ? document.createTextNode(n) : n)));
  return fragment;
}

function build(text, from, to, items, i) {
  const nodes = [];
  let pos = from;
  while (i < items.length && items[i].start < to) {
    const item = items[i];
    i += 1;
    const start = Math.max(item.start, pos), end = Math.min(item.end, to);
    if (start >= end) continue;
    if (start > pos) nodes.push(text.slice(pos, start));
    const [children, next] = build(text, start, end, items, i);
    i = next;
    const mark = el("mark", { "data-field": item.fields.join(" "), "data-group": groupOf(item.fields[0]),
                              "data-start": start, "data-end": end,
                              title: `${item.fields.join(", ")}${item.rules.length ? ` · rule ${item.rules.join(", ")}` : ""}` },
                    children);
    nodes.push(mark, el("sup", { class: "lbl" }, item.fields.join(", ")));
    pos = end;
  }
  if (pos < to) nodes.push(text.slice(pos, to));
  return [nodes, i];
}
