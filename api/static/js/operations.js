// Events as the timeline and the map show them: filters, fetching, and one readable row each.
import { articleLink, el, getJSON, humanize, OPERATION_COLOURS } from "./api.js";

export const FILTERS = ["actor", "location", "kind", "from", "to"];

export function colourOf(kind) { return OPERATION_COLOURS[kind] || OPERATION_COLOURS.OtherOperation; }

/** "Houthis → Saudi Arabia" style summary of who acted on whom. */
export function parties(op) {
  const names = (list) => (list || []).map((a) => a.label).join(", ");
  const agents = names(op.agents);
  const targets = names(op.targets);
  if (agents && targets) return `${agents} → ${targets}`;
  return agents || (targets ? `against ${targets}` : "unknown parties");
}

/** The most events one view asks for (the service's own limit). */
export const MAX_EVENTS = 500;

/** The events matching `filters`: one per real-world operation, however many articles tell of it. */
export async function fetchEvents(filters) {
  const params = { limit: MAX_EVENTS };
  for (const key of FILTERS) if (filters.get(key)) params[key] = filters.get(key);
  const data = await getJSON("/events", params);
  return data.events;
}

/** The radius of an event's mark: its area grows with the number of articles that tell of it. */
export function sourceRadius(sources, base = 5) {
  return base * Math.sqrt(Math.max(1, sources));
}

/** One event as a list entry: kind, parties, place, date, each source's sentence and every figure given. */
export function eventItem(event) {
  const n = event.source_count;
  return el("li", { class: "op", "data-id": event.id },
    el("div", { class: "op-head" },
      el("span", { class: "swatch dot", style: `--c:${colourOf(event.kind)}` }),
      el("strong", {}, humanize(event.kind)), " ", parties(event),
      event.location ? el("span", { class: "muted" }, ` · ${event.location.label}`) : null,
      el("span", { class: "muted" }, ` · ${event.date || "undated"}`),
      el("span", { class: "muted" }, ` · ${n} source${n === 1 ? "" : "s"}`)),
    event.sources.map((s) => el("div", { class: "source" },
      s.evidence ? el("blockquote", {}, s.evidence) : null,
      articleLink(s.article, s.title || "Read in the article"))),
    event.figures.length ? el("ul", { class: "plain figures" }, event.figures.map(figureItem)) : null);
}

/** "Killed 52 (Syrian Observatory for Human Rights, in <article>)": a figure beside who gave it. */
function figureItem(figure) {
  const count = figure.count_max != null ? `${figure.count}–${figure.count_max}` : `${figure.count}`;
  const victims = figure.victims ? ` ${figure.victims.label}` : figure.victim_category ? ` ${figure.victim_category.toLowerCase()}` : "";
  return el("li", { class: "figure" }, el("strong", {}, `${humanize(figure.kind)} ${count}`), victims,
    el("span", { class: "muted" }, ` · ${figure.reported_by ? figure.reported_by.label : "the article's own figure"} · `),
    articleLink(figure.article, figure.title || "article"));
}
