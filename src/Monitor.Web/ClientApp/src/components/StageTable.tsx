import { toneOf } from '../fleet';
import type { PipelineMetrics, Threshold } from '../types';

/** The four stages of an AI resource pipeline, in their order, as the collector names them. */
export const STAGES: { key: string; label: string }[] = [
  { key: 'module_generation', label: 'Module Generation' },
  { key: 'resource_generation', label: 'Resource Generation' },
  { key: 'validation', label: 'Validation' },
  { key: 'hooks', label: 'Hooks' },
];

const ms = (value: number) => `${value.toFixed(0)} ms`;

/** The selected pipeline's stages over the window: spans, error rate (coloured by the error-rate thresholds), average and p95 duration. */
export function StageTable({ metrics, errorRate }: { metrics: PipelineMetrics | undefined; errorRate: Threshold | undefined }) {
  return (
    <table className="stage-table" data-testid="stage-table">
      <caption>Stages in the window</caption>
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col">Spans</th>
          <th scope="col">Error rate</th>
          <th scope="col">Average</th>
          <th scope="col">p95</th>
        </tr>
      </thead>
      <tbody>
        {STAGES.map(({ key, label }) => {
          const stage = metrics?.performance[key];
          return (
            <tr key={key} data-testid={`stage-${key}`}>
              <th scope="row">{label}</th>
              <td data-testid="stage-count">{stage ? stage.count : '–'}</td>
              <td data-testid="stage-error-rate" className={`tone-${stage ? toneOf(stage.errorRate, stage.count, errorRate) : 'normal'}`}>
                {stage ? `${(stage.errorRate * 100).toFixed(1)} %` : '–'}
              </td>
              <td data-testid="stage-average">{stage ? ms(stage.averageTime) : '–'}</td>
              <td data-testid="stage-p95">{stage ? ms(stage.p95Time) : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
