// The event panel: coded fields, review actions, evidence, and the source text with the evidence
// spans highlighted.  Everything from the data is put in the page as TEXT (textContent / text nodes),
// never as HTML: web pages are hostile input.

import { api, apiKey } from "./api.js";

const SHOWN_FIELDS = [
  "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
  "country", "admin1", "admin2", "location", "latitude", "longitude", "fatalities", "network1", "network2",
  "civilian_targeting", "source", "notes", "tags",
];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

// a link only for http(s) addresses; anything else (javascript:, data:) is shown as text
function safeLink(url, label) {
  try {
    const u = new URL(url);
    if (u.protocol === "http:" || u.protocol === "https:") {
      return el("a", { href: u.href, text: label || u.href, target: "_blank", rel: "noopener noreferrer nofollow" });
    }
  } catch (_e) { /* not a URL: show as text */ }
  return el("span", { text: label || url });
}

// the document text as text nodes, with <mark> around the evidence spans (offsets into the text)
export function highlighted(text, spans) {
  const box = el("div", { class: "source-text", "data-testid": "source-text" });
  const sorted = spans.filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start).sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue; // overlapping span: the first one wins
    box.append(document.createTextNode(text.slice(pos, s.start)));
    box.append(el("mark", { class: "evidence", "data-field": s.field, title: s.field, text: text.slice(s.start, s.end) }));
    pos = s.end;
  }
  box.append(document.createTextNode(text.slice(pos)));
  return box;
}

export class EventPanel {
  constructor(element, { capabilities, onChanged }) {
    this.element = element;
    this.capabilities = capabilities;
    this.onChanged = onChanged;
    this.eventId = null;
  }

  async show(eventId) {
    this.eventId = eventId;
    this.element.replaceChildren(el("p", { class: "hint", text: "loading…" }));
    const ev = await api(`events/${encodeURIComponent(eventId)}`);
    const doc = await api(`documents/${encodeURIComponent(ev.doc_id)}`);
    if (this.eventId !== eventId) return; // another click came first
    this.render(ev, doc);
  }

  render(ev, doc) {
    const corrected = ev.review.corrected || {};
    const status = ev.review.status;
    const rows = SHOWN_FIELDS.filter((f) => ev[f] !== "" && ev[f] !== null && ev[f] !== undefined || corrected[f]).map((f) =>
      el("tr", { "data-field": f },
        el("td", { class: "k", text: f }),
        el("td", { class: corrected[f] ? "v corrected" : "v", title: corrected[f] ? `corrected by ${corrected[f].by}` : "", text: String(ev[f] ?? "") })));
    const evidenceList = el("ul", { class: "evidence-list" },
      ...ev.evidence.map((e) => el("li", {}, el("b", { text: `${e.field}: ` }), el("span", { text: e.text }))));
    const sources = el("ul", { class: "sources", "data-testid": "sources" });
    const seen = new Set();
    for (const s of [{ url: doc.url, uri: doc.uri }, ...(doc.sources || [])]) {
      const target = s.url || s.uri;
      if (!target || seen.has(target)) continue;
      seen.add(target);
      sources.append(el("li", {}, safeLink(target)));
    }
    this.element.replaceChildren(
      el("h2", { "data-testid": "event-title", text: `${ev.event_type} — ${ev.sub_event_type}` }),
      el("div", {}, el("span", { class: `status ${status}`, "data-testid": "review-status", text: status }),
        el("span", { text: `  ${ev.event_id_cnty}` })),
      this.reviewBox(ev),
      el("table", { "data-testid": "fields" }, ...rows),
      el("h3", { text: "Evidence" }), evidenceList,
      el("h3", { text: doc.title ? `Source: ${doc.title}` : "Source" }),
      el("div", {}, el("span", { text: [doc.publisher, doc.published].filter(Boolean).join(" · ") })),
      sources,
      highlighted(doc.text || "", ev.evidence),
      this.auditList(ev.audit || []),
    );
  }

  reviewBox(ev) {
    const box = el("div", { class: "review", "data-testid": "review" });
    if (!apiKey()) {
      box.append(el("span", { text: "Enter an analyst API key (top right) to confirm, correct or reject." }));
      return box;
    }
    const msg = el("div", { class: "msg", "data-testid": "review-msg" });
    const act = async (path, body) => {
      msg.textContent = "";
      try {
        await api(path, body);
        await Promise.all([this.show(ev.event_id_cnty), this.onChanged()]);
      } catch (err) {
        msg.textContent = err.message;
      }
    };
    const id = encodeURIComponent(ev.event_id_cnty);
    const buttons = el("div", { class: "row" },
      el("button", { type: "button", text: "Confirm", "data-testid": "confirm", onclick: () => act(`events/${id}/confirm`, { method: "POST", body: {} }) }),
      ev.review.status === "rejected"
        ? el("button", { type: "button", text: "Reopen", "data-testid": "reopen", onclick: () => act(`events/${id}/reopen`, { method: "POST", body: {} }) })
        : el("button", { type: "button", text: "Reject", "data-testid": "reject", onclick: () => act(`events/${id}/reject`, { method: "POST", body: {} }) }));
    const field = el("select", { "data-testid": "correct-field" },
      ...this.capabilities.editable_fields.map((f) => el("option", { value: f, text: f })));
    const value = el("input", { "data-testid": "correct-value", placeholder: "new value" });
    field.onchange = () => { value.value = ev[field.value] ?? ""; };
    field.value = "fatalities";
    value.value = ev.fatalities;
    const save = el("button", { type: "button", text: "Save", "data-testid": "correct-save",
      onclick: () => act(`events/${id}`, { method: "PATCH", body: { changes: { [field.value]: value.value } } }) });
    box.append(buttons, el("div", { class: "row" }, field, value, save), msg);
    const reason = el("input", { "data-testid": "dedup-reason", placeholder: "reason (required for merge / split)" });
    if (this.capabilities.merge || this.capabilities.split) box.append(el("div", { class: "row" }, reason));
    if (this.capabilities.merge) {
      const others = el("input", { "data-testid": "merge-ids", placeholder: "other event ids, comma separated" });
      const merge = el("button", { type: "button", text: "Merge", "data-testid": "merge",
        onclick: () => {
          const ids = [ev.event_id_cnty, ...others.value.split(/[\s,]+/).filter(Boolean)];
          return act("events/merge", { method: "POST", body: { event_ids: ids, reason: reason.value } });
        } });
      box.append(el("div", { class: "row" }, others, merge));
    }
    const incident = ev.incident;
    if (incident) {
      const row = el("div", { class: "row" }, el("span", { "data-testid": "incident",
        text: `Incident ${incident.id}: ${incident.events.length} event${incident.events.length === 1 ? "" : "s"} (${incident.events.join(", ")})` }));
      if (this.capabilities.split && incident.events.length > 1) {
        row.append(el("button", { type: "button", text: "Split out", "data-testid": "split",
          onclick: () => act(`incidents/${encodeURIComponent(incident.id)}/split`,
            { method: "POST", body: { event_ids: [ev.event_id_cnty], reason: reason.value } }) }));
      }
      box.append(row);
    }
    return box;
  }

  auditList(entries) {
    if (!entries.length) return el("div");
    return el("div", {}, el("h3", { text: "Review history" }),
      el("ul", { class: "evidence-list", "data-testid": "audit" }, ...entries.map((a) =>
        el("li", { text: `${a.at} ${a.who}: ${a.action}${a.field ? ` ${a.field}` : ""} ${JSON.stringify(a.before)} → ${JSON.stringify(a.after)}` }))));
  }
}
