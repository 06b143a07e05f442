// The map of events: country outlines from TopoJSON in an equirectangular projection, drawn in SVG; a
// place's circle grows with the articles that tell of its events.
import { el, getJSON, humanize, legend, toast } from "./api.js";
import { colourOf, eventItem, fetchEvents } from "./operations.js";

const WIDTH = 1000;
const HEIGHT = 500;

let outlines = null;

/** Longitude and latitude to the map's plane: a plate carrée over WIDTH × HEIGHT. */
export function project(lon, lat) {
  return [((lon + 180) / 360) * WIDTH, ((90 - lat) / 180) * HEIGHT];
}

/** Draw the events matching `params` on the world map, with the place `params.location` marked. */
export async function showMap(params, svg, panel, legendBox) {
  const [countries, ops, place] = await Promise.all([
    loadOutlines(), fetchEvents(params),
    params.get("location") ? getJSON(`/locations/${encodeURIComponent(params.get("location"))}`).catch(() => null) : null,
  ]);
  const groups = groupByPlace(ops);
  const unplaced = ops.length - groups.reduce((n, g) => n + g.ops.length, 0);
  const base = el("g", { class: "countries" }, countries);
  const graticule = el("g", { class: "graticule" }, gridLines());
  const markers = el("g", { class: "markers" });
  svg.replaceChildren(el("rect", { class: "sea", x: 0, y: 0, width: WIDTH, height: HEIGHT }), graticule, base, markers);

  const view = fitView(groups.map((g) => g.point).concat(place?.lat != null ? [project(place.lon, place.lat)] : []));
  const redraw = () => {
    svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
    const unit = view.w / (svg.clientWidth || WIDTH); // map units per screen pixel
    for (const marker of markers.children) {
      marker.setAttribute("r", Number(marker.dataset.px) * unit);
      marker.setAttribute("stroke-width", 1.5 * unit);
    }
  };
  if (place?.lat != null) {
    const [cx, cy] = project(place.lon, place.lat);
    markers.append(el("circle", { class: "place-ring", cx, cy, "data-px": 14 }, el("title", {}, place.label)));
  }
  const told = (group) => group.ops.reduce((n, op) => n + op.source_count, 0);
  const maxCount = Math.max(1, ...groups.map(told));
  for (const group of groups) {
    const [cx, cy] = group.point;
    const kinds = [...new Set(group.ops.map((op) => op.kind))];
    const circle = el("circle", {
      class: "op-marker", cx, cy, fill: kinds.length === 1 ? colourOf(kinds[0]) : "#444",
      "data-px": 5 + 9 * Math.sqrt(told(group) / maxCount), "data-place": group.place.id,
      "data-sources": told(group), onclick: () => showPlace(panel, group),
    }, el("title", {}, `${group.place.label}: ${group.ops.length} event${group.ops.length === 1 ? "" : "s"}, `
      + `told ${told(group)} time${told(group) === 1 ? "" : "s"}`));
    markers.append(circle);
  }
  redraw();
  zoomAndPan(svg, view, redraw);

  const kinds = [...new Set(ops.map((op) => op.kind))].sort();
  legendBox.replaceChildren(
    legend("Events", kinds.map((k) => [humanize(k), colourOf(k)])
      .concat(groups.some((g) => new Set(g.ops.map((op) => op.kind)).size > 1) ? [["several kinds", "#444"]] : [])),
    el("span", { class: "legend-note" }, `${ops.length} event${ops.length === 1 ? "" : "s"} at ${groups.length} place${groups.length === 1 ? "" : "s"}` +
      (unplaced ? `; ${unplaced} without coordinates are not shown` : "") + "."),
  );
  if (place) {
    panel.replaceChildren(el("h2", {}, place.label), el("p", { class: "muted" },
      [humanize(place.kind), place.parent ? `in ${place.parent.label}` : null].filter(Boolean).join(" · ")),
    groups.length ? el("p", {}, "Click a circle for its events.") : el("p", { class: "muted" }, "No event is recorded here."));
  }
}

function groupByPlace(ops) {
  const byPlace = new Map();
  for (const op of ops) {
    const loc = op.location;
    if (!loc || loc.lat == null || loc.lon == null) continue;
    const group = byPlace.get(loc.id) || { place: loc, point: project(Number(loc.lon), Number(loc.lat)), ops: [] };
    group.ops.push(op);
    byPlace.set(loc.id, group);
  }
  // Larger circles first, so smaller ones on top stay clickable.
  return [...byPlace.values()].sort((a, b) => b.ops.length - a.ops.length);
}

function showPlace(panel, group) {
  panel.replaceChildren(el("h2", {}, group.place.label),
    el("p", {}, el("a", { href: `#/timeline?location=${encodeURIComponent(group.place.id)}` }, "On the timeline →")),
    el("ul", { class: "plain" }, group.ops.map(eventItem)));
}

/** The view box around `points` (the whole world when there are none), never narrower than 16°. */
function fitView(points) {
  if (!points.length) return { x: 0, y: 0, w: WIDTH, h: HEIGHT };
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const minW = (16 / 360) * WIDTH;
  let w = Math.max(minW, (Math.max(...xs) - Math.min(...xs)) * 1.6);
  let h = Math.max(minW / 2, (Math.max(...ys) - Math.min(...ys)) * 1.6);
  // Keep the map's 2:1 aspect so the projection is not stretched.
  if (w / h > 2) h = w / 2; else w = h * 2;
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}

function zoomAndPan(svg, view, redraw) {
  svg.onwheel = (event) => {
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    const fx = (event.clientX - rect.left) / rect.width;
    const fy = (event.clientY - rect.top) / rect.height;
    const factor = Math.exp(event.deltaY * 0.0015);
    const w = Math.max(WIDTH / 200, Math.min(WIDTH * 1.5, view.w * factor));
    const h = w / 2;
    view.x += (view.w - w) * fx;
    view.y += (view.h - h) * fy;
    view.w = w;
    view.h = h;
    redraw();
  };
  let pan = null;
  svg.onpointerdown = (event) => {
    if (event.target.closest(".op-marker")) return;
    pan = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
    svg.setPointerCapture(event.pointerId);
  };
  svg.onpointermove = (event) => {
    if (!pan) return;
    const unit = view.w / svg.clientWidth;
    view.x = pan.vx - (event.clientX - pan.x) * unit;
    view.y = pan.vy - (event.clientY - pan.y) * unit;
    redraw();
  };
  svg.onpointerup = () => { pan = null; };
}

function gridLines() {
  const lines = [];
  for (let lon = -180; lon <= 180; lon += 30) {
    const [x] = project(lon, 0);
    lines.push(el("line", { x1: x, x2: x, y1: 0, y2: HEIGHT }));
  }
  for (let lat = -60; lat <= 60; lat += 30) {
    const [, y] = project(0, lat);
    lines.push(el("line", { x1: 0, x2: WIDTH, y1: y, y2: y }));
  }
  return lines;
}

/** The country outlines as SVG paths, fetched once from the service. */
async function loadOutlines() {
  if (!outlines) {
    try {
      outlines = countryPaths(await getJSON("/explorer/world.json"));
    } catch (error) {
      toast(`Country outlines unavailable: ${error.message}`);
      return [];
    }
  }
  return outlines.map((path) => path.cloneNode(true));
}

/** Decode a TopoJSON topology's `countries` object into one <path> per country. */
export function countryPaths(topology) {
  const arcs = decodeArcs(topology);
  const object = topology.objects.countries || Object.values(topology.objects)[0];
  return object.geometries.filter((g) => g.type).map((geometry) => {
    const polygons = geometry.type === "Polygon" ? [geometry.arcs] : geometry.type === "MultiPolygon" ? geometry.arcs : [];
    const d = polygons.map((rings) => rings.map((ring) => ringPath(ring, arcs)).join("")).join("");
    return el("path", { d, "fill-rule": "evenodd" }, el("title", {}, geometry.properties?.name || ""));
  });
}

/** Absolute longitude/latitude points of every arc (TopoJSON arcs are quantized and delta-encoded). */
function decodeArcs(topology) {
  const t = topology.transform;
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([a, b]) => {
      if (!t) return [a, b];
      x += a;
      y += b;
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
    });
  });
}

/** One ring as path commands; a jump across the antimeridian starts a new sub-path instead of a stripe. */
function ringPath(ring, arcs) {
  const points = [];
  for (const index of ring) {
    const arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  let d = "";
  let previous = null;
  for (const [lon, lat] of points) {
    const [x, y] = project(lon, lat);
    d += (previous === null || Math.abs(lon - previous) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    previous = lon;
  }
  return d + "Z";
}
