// A horizontal bar chart as plain SVG, drawn from lengths the server computed (material/chart.server.ts): one
// row per bar, its label above it and its value after it. `role="img"` with a <title> and a <desc> that reads
// every value out, and the page shows the same numbers as a table beside it (decision 020).
import { useId } from "react";

export interface ChartBar {
  label: string;
  /** Length in chart units (0…barRange), from `barGeometry`. */
  length: number;
  valueText: string;
}

/** The chart's width in SVG units; the bars' full length is what the value text leaves. */
export const chartWidth = 360;
export const barRange = 250;
const rowHeight = 44;

export function BarChart({ title, bars }: { title: string; bars: readonly ChartBar[] }) {
  const id = useId();
  const height = Math.max(1, bars.length) * rowHeight + 4;
  return (
    <svg
      className="material-chart"
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      viewBox={`0 0 ${chartWidth} ${height}`}
      width={chartWidth}
      height={height}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{bars.map((b) => `${b.label}: ${b.valueText}`).join("; ")}</desc>
      {bars.map((b, i) => {
        const y = i * rowHeight;
        return (
          <g key={`${i}-${b.label}`}>
            <text x={0} y={y + 15} className="material-chart-label">
              {b.label}
            </text>
            <rect x={0} y={y + 21} width={b.length} height={16} rx={2} className="material-chart-bar" />
            <text x={b.length + 6} y={y + 34} className="material-chart-value">
              {b.valueText}
            </text>
          </g>
        );
      })}
      <line x1={0.5} x2={0.5} y1={18} y2={height} className="material-chart-axis" />
    </svg>
  );
}
