// Inline SVG drawings: the funnel's bars, the trends' lines and the regions' map.
const SVG = "http://www.w3.org/2000/svg";
export const PALETTE = ["#2e75b6", "#c55a11", "#548235", "#7030a0", "#bf9000", "#1f7f7f", "#a61b1b", "#595959", "#d16ba5"];

function node(name, attributes = {}, text = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== null) element.textContent = text;
  return element;
}

function clear(svg, width, height) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
}

/** Horizontal bars, one per step: `steps` is [{key, label, value, shown}]. */
export function funnel(svg, steps) {
  const row = 26;
  clear(svg, 600, steps.length * row + 4);
  const most = Math.max(1, ...steps.map((step) => step.value ?? 0));
  steps.forEach((step, index) => {
    const y = index * row + 2;
    const group = node("g", { "data-measure": step.key });
    group.append(node("text", { x: 0, y: y + 16, class: "bar-label" }, step.label));
    const width = Math.max(1, (360 * (step.value ?? 0)) / most);
    group.append(node("rect", { x: 200, y, width, height: row - 6, class: "bar" }));
    group.append(node("text", { x: 206 + width, y: y + 16, class: "bar-value" }, step.shown));
    svg.append(group);
  });
}

/** One line per measure over the quarters: `series` is [{key, label, values}]. */
export function trends(svg, keys, quarters, series) {
  const [width, height, left, bottom] = [600, 220, 40, 24];
  clear(svg, width, height);
  const most = Math.max(1, ...series.flatMap((line) => line.values.map((value) => value ?? 0)));
  const x = (index) => left + ((width - left - 10) * index) / Math.max(1, quarters.length - 1);
  const y = (value) => height - bottom - ((height - bottom - 10) * value) / most;
  quarters.forEach((quarter, index) => {
    svg.append(node("text", { x: x(index), y: height - 6, class: "axis", "text-anchor": "middle" }, quarter));
  });
  svg.append(node("text", { x: 0, y: 14, class: "axis" }, String(most)));
  keys.replaceChildren();
  series.forEach((line, index) => {
    const colour = PALETTE[index % PALETTE.length];
    const points = line.values.map((value, at) => `${x(at)},${y(value ?? 0)}`).join(" ");
    svg.append(node("polyline", { points, fill: "none", stroke: colour, "stroke-width": 2, "data-measure": line.key }));
    line.values.forEach((value, at) => svg.append(node("circle", { cx: x(at), cy: y(value ?? 0), r: 3, fill: colour })));
    const key = document.createElement("span");
    key.className = "key";
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour;
    key.append(swatch, line.label);
    keys.append(key);
  });
}

function project(bounds, width, height) {
  const [west, south, east, north] = bounds;
  const squeeze = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = Math.min(width / ((east - west) * squeeze), height / (north - south));
  return ([lon, lat]) => [((lon - west) * squeeze * scale).toFixed(1), ((north - lat) * scale).toFixed(1)];
}

function bounds(features) {
  const points = features.flatMap((f) => f.geometry.coordinates.flat(2));
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function path(polygons, at) {
  return polygons
    .map((polygon) => polygon.map((ring) => `M${ring.map((point) => at(point).join(",")).join("L")}Z`).join(""))
    .join("");
}

/** The regions coloured by `valueOf(region)` (null: no data); clicking one calls `onPick`. */
export function regionMap(svg, shapes, valueOf, onPick) {
  const [width, height] = [600, 380];
  clear(svg, width, height);
  const at = project(bounds(shapes.features), width, height);
  const values = shapes.features.map((f) => valueOf(f.properties.region)).filter((v) => v !== null);
  const most = Math.max(1, ...values);
  for (const feature of shapes.features) {
    const region = feature.properties.region;
    const value = valueOf(region);
    const shade = value === null ? "#d9d9d9" : `hsl(210, 60%, ${Math.round(92 - (55 * value) / most)}%)`;
    const shape = node("path", { d: path(feature.geometry.coordinates, at), fill: shade, class: "region", "data-region": region });
    shape.append(node("title", {}, `${region}: ${value ?? "–"}`));
    shape.addEventListener("click", () => onPick(region));
    svg.append(shape);
  }
  return most;
}
