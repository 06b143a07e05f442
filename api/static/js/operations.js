// Operations as the timeline and the map show them: filters, fetching, and one readable row each.
import { articleLink, el, getJSON, humanize, OPERATION_COLOURS } from "./api.js";

export const FILTERS = ["actor", "location", "kind", "from", "to"];
/** The most operations one view asks for (the service's own limit). */
export const MAX_OPERATIONS = 1000;

/** The operations matching `filters` (actor, location, kind, from, to). */
export async function fetchOperations(filters) {
  const params = { limit: MAX_OPERATIONS };
  for (const key of FILTERS) if (filters.get(key)) params[key] = filters.get(key);
  const data = await getJSON("/operations", params);
  return data.operations;
}

export function colourOf(kind) { return OPERATION_COLOURS[kind] || OPERATION_COLOURS.OtherOperation; }

/** "Houthis → Saudi Arabia" style summary of who acted on whom. */
export function parties(op) {
  const names = (list) => (list || []).map((a) => a.label).join(", ");
  const agents = names(op.agents);
  const targets = names(op.targets);
  if (agents && targets) return `${agents} → ${targets}`;
  return agents || (targets ? `against ${targets}` : "unknown parties");
}

/** One operation as a list entry: kind, parties, place, date, evidence sentence and article link. */
export function operationItem(op) {
  return el("li", { class: "op", "data-id": op.id },
    el("div", { class: "op-head" },
      el("span", { class: "swatch dot", style: `--c:${colourOf(op.kind)}` }),
      el("strong", {}, humanize(op.kind)), " ", parties(op),
      op.location ? el("span", { class: "muted" }, ` · ${op.location.label}`) : null,
      el("span", { class: "muted" }, ` · ${op.date || "undated"}`)),
    op.evidence ? el("blockquote", {}, op.evidence) : null,
    op.article ? el("div", { class: "source" }, articleLink(op.article, "Read in the article", op.start, op.end)) : null);
}
