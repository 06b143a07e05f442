// An actor's neighbourhood as a network: force layout, drag, zoom, pan, evidence on click.
import { articleLink, el, getJSON, humanize, KIND_COLOURS, KIND_NAMES, legend, RELATION_STYLES } from "./api.js";

const WIDTH = 900;
const HEIGHT = 600;
const ITERATIONS = 300;
const MAX_NEIGHBOURS = 99;

let previousCentre = null;

/** Draw the neighbourhood of actor `id` into `svg` and wire the evidence panel. */
export async function showNetwork(id, svg, panel, title, legendBox) {
  let data;
  try {
    data = await getJSON(`/actors/${encodeURIComponent(id)}/relations?limit=${MAX_NEIGHBOURS * 3}`);
  } catch (error) {
    title.textContent = error.status === 404 ? `No actor “${id}”` : "The network could not be loaded";
    svg.replaceChildren();
    panel.replaceChildren(el("p", { class: "error" }, error.message));
    return;
  }
  const centre = data.actor;
  title.replaceChildren(centre.label, " ", el("span", { class: "kind-badge", style: `--c:${colourOf(centre.kind)}` },
    KIND_NAMES[centre.kind] || humanize(centre.kind)));
  const { nodes, edges } = buildGraph(centre, data.relations.slice(0, MAX_NEIGHBOURS * 3));
  layout(nodes, edges);
  draw(svg, nodes, edges, panel, centre);
  legendBox.replaceChildren(
    legend("Actors", usedKinds(nodes).map((k) => [KIND_NAMES[k] || humanize(k), colourOf(k)])),
    legend("Relations", Object.values(RELATION_STYLES).map((s) => [s.name, s.colour]), "line"),
    el("span", { class: "legend-note" }, "Thicker lines: more supporting articles. Arrows: who supports whom."),
  );
  const from = data.relations.find((r) => r.actor.id === previousCentre);
  if (from) showEdgeEvidence(panel, centre, [from]);
  else showNodeEvidence(panel, centre, data.relations);
  previousCentre = centre.id;
}

function colourOf(kind) { return KIND_COLOURS[kind] || KIND_COLOURS.Actor; }

function usedKinds(nodes) { return [...new Set(nodes.map((n) => n.kind))]; }

/** Nodes (the centre and each neighbour) and one edge per neighbour and relation type. */
function buildGraph(centre, relations) {
  const nodes = [{ ...centre, centre: true, x: WIDTH / 2, y: HEIGHT / 2, fixed: true }];
  const byId = new Map([[centre.id, nodes[0]]]);
  const edges = [];
  for (const rel of relations) {
    let node = byId.get(rel.actor.id);
    if (!node) {
      if (byId.size > MAX_NEIGHBOURS) continue;
      const angle = (byId.size / Math.min(relations.length, MAX_NEIGHBOURS)) * 2 * Math.PI;
      node = { ...rel.actor, x: WIDTH / 2 + 180 * Math.cos(angle), y: HEIGHT / 2 + 180 * Math.sin(angle), relations: [] };
      byId.set(node.id, node);
      nodes.push(node);
    }
    node.relations.push(rel);
    edges.push({ source: nodes[0], target: node, rel });
  }
  // Several relation types between one pair are drawn as separate curves.
  const perPair = new Map();
  for (const edge of edges) {
    const list = perPair.get(edge.target.id) || [];
    list.push(edge);
    perPair.set(edge.target.id, list);
  }
  for (const list of perPair.values()) list.forEach((e, i) => { e.bend = (i - (list.length - 1) / 2) * 40; });
  return { nodes, edges };
}

/** A fixed number of force iterations: springs on edges, repulsion between nodes, a pull to the middle. */
function layout(nodes, edges) {
  const spring = nodes.length > 30 ? 140 : 190;
  for (let step = 0; step < ITERATIONS; step++) {
    const heat = 1 - step / ITERATIONS;
    for (const n of nodes) { n.vx = 0; n.vy = 0; }
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i];
        const b = nodes[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1) { dx = Math.random() - 0.5; dy = Math.random() - 0.5; d2 = 1; }
        const force = 9000 / d2;
        const d = Math.sqrt(d2);
        a.vx -= (dx / d) * force; a.vy -= (dy / d) * force;
        b.vx += (dx / d) * force; b.vy += (dy / d) * force;
      }
    }
    for (const { source: a, target: b } of edges) {
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const pull = (d - spring) * 0.05;
      a.vx += (dx / d) * pull; a.vy += (dy / d) * pull;
      b.vx -= (dx / d) * pull; b.vy -= (dy / d) * pull;
    }
    for (const n of nodes) {
      if (n.fixed) continue;
      n.vx += (WIDTH / 2 - n.x) * 0.002;
      n.vy += (HEIGHT / 2 - n.y) * 0.002;
      const limit = 30 * heat + 1;
      n.x += Math.max(-limit, Math.min(limit, n.vx));
      n.y += Math.max(-limit, Math.min(limit, n.vy));
      n.x = Math.max(40, Math.min(WIDTH - 40, n.x));
      n.y = Math.max(30, Math.min(HEIGHT - 30, n.y));
    }
  }
}

function edgeWidth(rel) { return Math.min(10, 1.5 + 2 * Math.log2(1 + (rel.articles || 1))); }

/** The path of an edge: a straight line, or a curve when the pair has several relation types. */
function edgePath(edge) {
  const { source: a, target: b, bend } = edge;
  const [from, to] = edge.rel.direction === "incoming" ? [b, a] : [a, b];
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const d = Math.sqrt(dx * dx + dy * dy) || 1;
  const sign = from === a ? 1 : -1;
  const mx = (from.x + to.x) / 2 - (dy / d) * bend * sign;
  const my = (from.y + to.y) / 2 + (dx / d) * bend * sign;
  // End at the rim of the target circle so the arrow head stays visible.
  const r = radius(to) + 3;
  const ex = to.x - ((to.x - mx) / Math.hypot(to.x - mx, to.y - my)) * r;
  const ey = to.y - ((to.y - my) / Math.hypot(to.x - mx, to.y - my)) * r;
  return `M${from.x.toFixed(1)},${from.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
}

function radius(node) { return node.centre ? 16 : 10; }

function draw(svg, nodes, edges, panel, centre) {
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  const defs = el("defs", {}, Object.entries(RELATION_STYLES).map(([type, style]) =>
    el("marker", { id: `arrow-${type}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 5, markerHeight: 5,
      orient: "auto-start-reverse", markerUnits: "strokeWidth" },
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: style.colour }))));
  const world = el("g", { class: "world" });
  const edgeLayer = el("g", { class: "edges" });
  const nodeLayer = el("g", { class: "nodes" });
  world.append(edgeLayer, nodeLayer);
  svg.replaceChildren(defs, world);

  const select = (shape) => {
    svg.querySelectorAll(".selected").forEach((s) => s.classList.remove("selected"));
    shape.classList.add("selected");
  };
  for (const edge of edges) {
    const style = RELATION_STYLES[edge.rel.type] || { colour: "#888", name: edge.rel.type };
    const directed = edge.rel.type === "supports" && edge.rel.direction !== "mutual";
    const attrs = { class: "edge", stroke: style.colour, "stroke-width": edgeWidth(edge.rel), fill: "none",
      "data-type": edge.rel.type, "data-target": edge.target.id,
      "marker-end": directed ? `url(#arrow-${edge.rel.type})` : null };
    edge.shape = el("path", { ...attrs, d: edgePath(edge) },
      el("title", {}, describe(centre, edge.rel)));
    // A wide transparent twin makes thin edges easy to click.
    edge.hit = el("path", { class: "edge-hit", d: edgePath(edge), "data-type": edge.rel.type,
      "data-target": edge.target.id, onclick: () => { select(edge.shape); showEdgeEvidence(panel, centre, [edge.rel]); } });
    edgeLayer.append(edge.shape, edge.hit);
  }
  for (const node of nodes) {
    const label = el("text", { class: "node-label", x: 0, y: radius(node) + 13, "text-anchor": "middle" }, node.label);
    node.shape = el("g", { class: node.centre ? "node centre" : "node", "data-id": node.id,
      transform: `translate(${node.x},${node.y})` },
    el("circle", { r: radius(node), fill: colourOf(node.kind) }),
    el("title", {}, `${node.label} (${KIND_NAMES[node.kind] || humanize(node.kind)})`), label);
    nodeLayer.append(node.shape);
    dragNode(svg, node, edges, () => {
      if (node.centre) { select(node.shape); showNodeEvidence(panel, centre, nodes[0] === node ? allRelations(nodes) : []); }
      else location.hash = `#/actor/${encodeURIComponent(node.id)}`;
    });
  }
  zoomAndPan(svg, world);
}

function allRelations(nodes) { return nodes.flatMap((n) => n.relations || []); }

function describe(centre, rel) {
  const name = RELATION_STYLES[rel.type]?.name || rel.type;
  const count = `${rel.articles} article${rel.articles === 1 ? "" : "s"}`;
  if (rel.direction === "incoming") return `${rel.actor.label} ${name} ${centre.label} (${count})`;
  if (rel.direction === "mutual" && rel.type === "supports") return `${centre.label} and ${rel.actor.label} support each other (${count})`;
  return `${centre.label} ${name} ${rel.actor.label} (${count})`;
}

/** The evidence of some relations of the centre: one block per relation, sentences linking to articles. */
function showEdgeEvidence(panel, centre, relations) {
  panel.replaceChildren(...relations.map((rel) => el("section", { class: "evidence-block" },
    el("h2", {}, el("span", { class: "swatch line", style: `--c:${RELATION_STYLES[rel.type]?.colour || "#888"}` }),
      describe(centre, rel)),
    rel.evidence.length ? el("ol", { class: "evidence" }, rel.evidence.map((ev) => el("li", {},
      el("blockquote", {}, ev.sentence),
      el("div", { class: "source" }, articleLink(ev.article, ev.title, ev.start, ev.end),
        ev.confidence != null ? el("span", { class: "muted small" }, ` · confidence ${Number(ev.confidence).toFixed(2)}`) : null))))
      : el("p", { class: "muted" }, "No sentence was recorded for this relation."),
    el("p", {}, el("a", { href: `#/actor/${encodeURIComponent(rel.actor.id)}` }, `Centre on ${rel.actor.label} →`)))));
}

function showNodeEvidence(panel, centre, relations) {
  if (!relations.length) {
    panel.replaceChildren(el("h2", {}, centre.label), el("p", { class: "muted" },
      "No relation to another actor has been extracted for this actor yet."),
    el("p", {}, el("a", { href: `#/timeline?actor=${encodeURIComponent(centre.id)}` }, "Its operations on the timeline →")));
    return;
  }
  showEdgeEvidence(panel, centre, relations);
  panel.prepend(el("p", {}, el("a", { href: `#/timeline?actor=${encodeURIComponent(centre.id)}` },
    `Operations of ${centre.label} on the timeline →`)));
}

/** The point under the pointer in the SVG's user space (before the world's zoom transform). */
function svgPoint(svg, event) {
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  return point.matrixTransform(svg.getScreenCTM().inverse());
}

function dragNode(svg, node, edges, onClick) {
  let start = null;
  node.shape.addEventListener("pointerdown", (event) => {
    event.stopPropagation();
    node.shape.setPointerCapture(event.pointerId);
    start = { x: event.clientX, y: event.clientY, nx: node.x, ny: node.y, moved: false };
  });
  node.shape.addEventListener("pointermove", (event) => {
    if (!start) return;
    const scale = svg.__zoom?.k || 1;
    const ratio = WIDTH / svg.clientWidth / scale;
    const dx = (event.clientX - start.x) * ratio;
    const dy = (event.clientY - start.y) * ratio;
    if (Math.abs(dx) + Math.abs(dy) > 3) start.moved = true;
    node.x = start.nx + dx;
    node.y = start.ny + dy;
    node.shape.setAttribute("transform", `translate(${node.x},${node.y})`);
    for (const edge of edges) {
      if (edge.source === node || edge.target === node) {
        const d = edgePath(edge);
        edge.shape.setAttribute("d", d);
        edge.hit.setAttribute("d", d);
      }
    }
  });
  node.shape.addEventListener("pointerup", () => {
    if (start && !start.moved) onClick();
    start = null;
  });
}

/** Wheel zooms around the pointer; dragging the background pans. */
function zoomAndPan(svg, world) {
  const view = { k: 1, x: 0, y: 0 };
  svg.__zoom = view;
  const apply = () => world.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`);
  svg.onwheel = (event) => {
    event.preventDefault();
    const p = svgPoint(svg, event);
    const k = Math.max(0.3, Math.min(6, view.k * Math.exp(-event.deltaY * 0.0015)));
    view.x = p.x - ((p.x - view.x) * k) / view.k;
    view.y = p.y - ((p.y - view.y) * k) / view.k;
    view.k = k;
    apply();
  };
  let pan = null;
  svg.onpointerdown = (event) => {
    if (event.target.closest(".node, .edge-hit")) return;
    pan = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
    svg.setPointerCapture(event.pointerId);
  };
  svg.onpointermove = (event) => {
    if (!pan) return;
    const ratio = WIDTH / svg.clientWidth;
    view.x = pan.vx + (event.clientX - pan.x) * ratio;
    view.y = pan.vy + (event.clientY - pan.y) * ratio;
    apply();
  };
  svg.onpointerup = () => { pan = null; };
}

