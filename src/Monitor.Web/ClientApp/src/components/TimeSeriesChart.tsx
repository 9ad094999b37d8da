import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
  /** Dashed: a reference line (a threshold). */
  dash?: number[];
}

interface TimeSeriesChartProps {
  title: string;
  /** Unix seconds. */
  times: number[];
  series: ChartSeries[];
  height?: number;
}

/** A small uPlot line chart (uPlot draws on canvas; its few styles come from its CSS file). */
export function TimeSeriesChart({ title, times, series, height = 160 }: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join('|');

  useEffect(() => {
    if (!container.current) return;
    const options: uPlot.Options = {
      width: container.current.clientWidth || 400,
      height,
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: s.dash ? 1 : 2, dash: s.dash }))],
      axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor' }],
      legend: { show: true },
    };
    chart.current = new uPlot(options, [times, ...series.map((s) => s.values)], container.current);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // A new chart only when the set of series changes; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labels, height]);

  useEffect(() => {
    chart.current?.setData([times, ...series.map((s) => s.values)]);
  }, [times, series]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={container} />
    </figure>
  );
}
