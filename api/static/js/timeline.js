// The timeline of events: one lane per kind, one dot per event sized by its sources, filters above.
import { el, getJSON, humanize, OPERATION_COLOURS } from "./api.js";
import { colourOf, eventItem, fetchEvents, FILTERS, parties, sourceRadius } from "./operations.js";

const WIDTH = 1000;
const LANE = 34;
const LEFT = 130;
const RIGHT = 30;
const DAY = 86400000;

let optionsLoaded = false;

/** Fill the filter form from `params`, fetch the events and draw them. */
export async function showTimeline(params, form, svg, list) {
  await loadOptions(form);
  for (const key of FILTERS) form.elements[key].value = params.get(key) || "";
  const ops = await fetchEvents(params);
  drawTimeline(svg, ops, list);
  list.replaceChildren(
    el("p", { class: "muted" }, ops.length ? `${ops.length} event${ops.length === 1 ? "" : "s"}, earliest first; `
      + "a larger dot is told by more articles." : "No event matches these filters."),
    el("ul", { class: "plain" }, ops.map(eventItem)));
}

/** Suggestions for the actor and place filters, and the kinds of operation. */
async function loadOptions(form) {
  if (optionsLoaded) return;
  optionsLoaded = true;
  const kinds = form.elements.kind;
  for (const kind of Object.keys(OPERATION_COLOURS)) kinds.append(el("option", { value: kind }, humanize(kind)));
  const [actors, places] = await Promise.all([getJSON("/actors", { limit: 500 }), getJSON("/locations", { limit: 500 })]);
  document.getElementById("actor-options").replaceChildren(
    ...actors.actors.map((a) => el("option", { value: a.id }, a.label)));
  document.getElementById("place-options").replaceChildren(
    ...places.locations.map((p) => el("option", { value: p.id }, p.label)));
}

/** Filters as they stand in the form, for the address bar. */
export function formParams(form) {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (form.elements[key].value) params.set(key, form.elements[key].value.trim());
  return params;
}

function drawTimeline(svg, ops, list) {
  const dated = ops.filter((op) => op.date);
  const kinds = [...new Set(dated.map((op) => op.kind))].sort();
  const height = Math.max(1, kinds.length) * LANE + 60;
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
  svg.style.height = `${height}px`;
  if (!dated.length) {
    svg.replaceChildren(el("text", { x: WIDTH / 2, y: 40, "text-anchor": "middle", class: "muted-text" },
      "No dated event to place on the timeline."));
    return;
  }
  const times = dated.map((op) => Date.parse(op.date));
  let [t0, t1] = [Math.min(...times), Math.max(...times)];
  const pad = Math.max(DAY, (t1 - t0) * 0.04);
  t0 -= pad;
  t1 += pad;
  const x = (t) => LEFT + ((t - t0) / (t1 - t0)) * (WIDTH - LEFT - RIGHT);
  const children = [];
  kinds.forEach((kind, i) => {
    const y = 20 + i * LANE + LANE / 2;
    children.push(el("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y, y2: y, class: "lane" }),
      el("text", { x: LEFT - 10, y: y + 4, "text-anchor": "end", class: "lane-label" }, humanize(kind)));
  });
  const axisY = 20 + kinds.length * LANE + 8;
  children.push(el("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: axisY, y2: axisY, class: "axis" }));
  for (const tick of ticks(t0, t1)) {
    children.push(el("line", { x1: x(tick), x2: x(tick), y1: axisY, y2: axisY + 5, class: "axis" }),
      el("text", { x: x(tick), y: axisY + 18, "text-anchor": "middle", class: "tick" }, new Date(tick).toISOString().slice(0, 10)));
  }
  // Events on the same day and lane are stacked slightly so each stays clickable.
  const seen = new Map();
  for (const op of dated) {
    const lane = kinds.indexOf(op.kind);
    const key = `${lane}|${op.date}`;
    const n = seen.get(key) || 0;
    seen.set(key, n + 1);
    const cy = 20 + lane * LANE + LANE / 2 + ((n % 3) - 1) * 7 * Math.min(1, n);
    children.push(el("circle", { class: "op-dot", cx: x(Date.parse(op.date)), cy, r: sourceRadius(op.source_count, 6),
      fill: colourOf(op.kind), "data-id": op.id, "data-sources": op.source_count, onclick: () => focusItem(list, op.id) },
    el("title", {}, `${op.date} · ${humanize(op.kind)}: ${parties(op)}${op.location ? ` at ${op.location.label}` : ""}`
      + ` · ${op.source_count} source${op.source_count === 1 ? "" : "s"}`)));
  }
  svg.replaceChildren(...children);
}

/** About eight evenly spaced dates between t0 and t1, on day boundaries. */
function ticks(t0, t1) {
  const step = Math.max(DAY, Math.ceil((t1 - t0) / 8 / DAY) * DAY);
  const first = Math.ceil(t0 / DAY) * DAY;
  const out = [];
  for (let t = first; t <= t1; t += step) out.push(t);
  return out;
}

function focusItem(list, id) {
  list.querySelectorAll(".op.focus").forEach((li) => li.classList.remove("focus"));
  const item = list.querySelector(`.op[data-id="${CSS.escape(id)}"]`);
  if (item) {
    item.classList.add("focus");
    item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
}
