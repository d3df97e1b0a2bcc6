// Small line charts drawn as inline SVG (no library, no inline style: the stylesheet colours them).

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 240;
const HEIGHT = 48;
const PAD = 2;

function svgNode(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, String(value));
  }
  return node;
}

/**
 * A chart of `values` (oldest first, at most `slots` of them, drawn from the right), scaled from 0 to
 * the largest value (or 1), labelled for assistive technology with `label`.
 */
export function lineChart(values, {slots, label, className}) {
  const svg = svgNode('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart ' + className, role: 'img',
    'aria-label': label, preserveAspectRatio: 'none'});
  svg.append(svgNode('line', {x1: 0, y1: HEIGHT - PAD, x2: WIDTH, y2: HEIGHT - PAD, class: 'chart-axis'}));
  if (values.length === 0) {
    return svg;
  }
  const top = Math.max(1, ...values);
  const step = WIDTH / Math.max(1, slots - 1);
  const first = slots - values.length;
  const points = values.map((value, i) => {
    const x = (first + i) * step;
    const y = HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD);
    return x.toFixed(1) + ',' + y.toFixed(1);
  });
  svg.append(svgNode('polyline', {points: points.join(' '), class: 'chart-line'}));
  return svg;
}
