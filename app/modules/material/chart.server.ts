// The geometry of a horizontal bar chart, computed on the server with d3-scale (decision 020): the page sends
// lengths, not the library, and the chart is drawn as SVG by app/components/bar-chart.tsx.
import { scaleLinear } from "d3-scale";

export interface BarGeometry {
  /** Each value's bar length in the chart's units, in the order given (0 for zero or less). */
  lengths: number[];
  /** The scale's nice maximum (the value at full length). */
  max: number;
}

/** Bar lengths for `values` on a linear scale from 0 to a nice maximum, drawn `range` units long. */
export function barGeometry(values: readonly number[], range: number): BarGeometry {
  const top = Math.max(0, ...values);
  const scale = scaleLinear()
    .domain([0, top > 0 ? top : 1])
    .range([0, range])
    .nice();
  return {
    lengths: values.map((v) => (v > 0 ? Math.max(1, Math.round(scale(v) * 10) / 10) : 0)),
    max: scale.domain()[1] ?? top,
  };
}
