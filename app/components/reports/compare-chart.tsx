// Each compound's figure this month beside last month's, as pairs of columns in plain SVG rendered with the
// page (so it prints and works without JavaScript). The cockpit's month chart (components/cockpit/column-chart)
// draws one series; this draws two with the same scales, `role="img"`, <title> and a <desc> reading every
// value. The page shows the same numbers as a table beside it.
import { scaleBand, scaleLinear } from "d3-scale";
import { useId } from "react";

export interface ComparedColumn {
  label: string;
  now: number;
  last: number;
  /** This month's value as the table writes it (money in yuan, hours with a decimal). */
  nowText: string;
  /** "石油新村: 12 (last month 9)", read by screen readers in <desc>. */
  text: string;
}

const maxWidth = 720;
const height = 170;
const top = 16;
const bottom = 34;

/** A label cut to fit its band, whole when it fits: compound names are short, but not always. */
function fit(label: string, band: number): string {
  // About one CJK character per 10 px at 10 px type, two Latin ones.
  const room = Math.max(2, Math.floor(band / 10) * (/^[\x20-\x7e]*$/.test(label) ? 2 : 1));
  return label.length <= room ? label : `${label.slice(0, Math.max(1, room - 1))}…`;
}

export function CompareChart({
  title,
  columns,
  legend,
}: {
  title: string;
  columns: readonly ComparedColumn[];
  legend: { now: string; last: string };
}) {
  const id = useId();
  // A compound or two get narrow columns, not the page's width; the chart never draws larger than itself.
  const width = Math.min(maxWidth, 120 + 80 * columns.length);
  const x = scaleBand()
    .domain(columns.map((_, i) => String(i)))
    .range([0, width])
    .padding(0.25);
  const pair = scaleBand().domain(["last", "now"]).range([0, x.bandwidth()]).padding(0.08);
  const peak = Math.max(0, ...columns.flatMap((c) => [c.now, c.last]));
  const y = scaleLinear()
    .domain([0, peak > 0 ? peak : 1])
    .range([height - bottom, top])
    .nice();
  const bar = (value: number) => Math.max(0, height - bottom - y(value));
  return (
    <figure className="reports-chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        // Drawn at its own size, smaller only where the screen is (no inline style: the CSP forbids it).
        width={width}
        height={height}
        preserveAspectRatio="xMinYMid meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{columns.map((c) => c.text).join("; ")}</desc>
        <line
          x1={0}
          x2={width}
          y1={height - bottom + 0.5}
          y2={height - bottom + 0.5}
          className="reports-chart-axis"
        />
        {columns.map((c, i) => {
          const left = x(String(i)) ?? 0;
          const lastX = left + (pair("last") ?? 0);
          const nowX = left + (pair("now") ?? 0);
          return (
            <g key={`${i}-${c.label}`}>
              <rect
                x={lastX}
                y={y(c.last)}
                width={pair.bandwidth()}
                height={bar(c.last)}
                className="reports-chart-last"
              />
              <rect
                x={nowX}
                y={y(c.now)}
                width={pair.bandwidth()}
                height={bar(c.now)}
                className="reports-chart-now"
              />
              {/* Values over the columns only while they have room; the table beside has them all. */}
              {columns.length <= 8 ? (
                <text
                  x={nowX + pair.bandwidth() / 2}
                  y={Math.max(12, y(c.now) - 4)}
                  textAnchor="middle"
                  className="reports-chart-value"
                >
                  {c.nowText}
                </text>
              ) : null}
              <text
                x={left + x.bandwidth() / 2}
                y={height - bottom + 16}
                textAnchor="middle"
                className="reports-chart-label"
              >
                {fit(c.label, x.bandwidth() + x.step() * x.paddingInner())}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="reports-legend" aria-hidden="true">
        <span className="reports-key reports-key-last" /> {legend.last}
        <span className="reports-key reports-key-now" /> {legend.now}
      </figcaption>
    </figure>
  );
}
