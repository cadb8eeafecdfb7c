// Twelve months as columns in plain SVG, rendered on the server with the page (so it prints and works without
// JavaScript): d3-scale places the columns and rounds the axis, as the material reports' bars do (decision
// 020). `role="img"` with a <title>, and a <desc> that reads every month's value; the page shows the same
// numbers as a table beneath.
import { scaleBand, scaleLinear } from "d3-scale";
import { useId } from "react";

export interface Column {
  label: string;
  value: number;
  valueText: string;
}

const width = 360;
const height = 140;
const top = 16;
const bottom = 22;

export function ColumnChart({ title, columns }: { title: string; columns: readonly Column[] }) {
  const id = useId();
  const x = scaleBand()
    .domain(columns.map((_, i) => String(i)))
    .range([0, width])
    .padding(0.2);
  const peak = Math.max(0, ...columns.map((c) => c.value));
  const y = scaleLinear()
    .domain([0, peak > 0 ? peak : 1])
    .range([height - bottom, top])
    .nice();
  const last = columns.length - 1;
  return (
    <svg
      className="cockpit-chart"
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{columns.map((c) => `${c.label}: ${c.valueText}`).join("; ")}</desc>
      <line
        x1={0}
        x2={width}
        y1={height - bottom + 0.5}
        y2={height - bottom + 0.5}
        className="cockpit-chart-axis"
      />
      {columns.map((c, i) => {
        const left = x(String(i)) ?? 0;
        const yTop = y(c.value);
        return (
          <g key={c.label}>
            <rect
              x={left}
              y={yTop}
              width={x.bandwidth()}
              height={Math.max(0, height - bottom - yTop)}
              className={i === last ? "cockpit-chart-bar cockpit-chart-now" : "cockpit-chart-bar"}
            />
            {i === 0 || i === last ? (
              <text
                x={i === 0 ? left : left + x.bandwidth()}
                y={height - 6}
                textAnchor={i === 0 ? "start" : "end"}
                className="cockpit-chart-label"
              >
                {c.label}
              </text>
            ) : null}
            {i === last ? (
              // Ending at the column's right edge, so that a long value (money) stays inside the chart.
              <text
                x={left + x.bandwidth()}
                y={Math.max(12, yTop - 4)}
                textAnchor="end"
                className="cockpit-chart-value"
              >
                {c.valueText}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
