import { duration } from './alerts';
import { timeOf } from './time';
import type { RunView } from './types';

/** The four stages in pipeline order (the collector's names). */
export const STAGE_NAMES = ['module_generation', 'resource_generation', 'validation', 'hooks'] as const;

/** The stages a run did not send a span for, in pipeline order. */
export function missingStages(run: RunView): string[] {
  return STAGE_NAMES.filter((stage) => !run.stages.includes(stage));
}

/** "succeeded", "failed", "abandoned", or "running for 12 min" while active. */
export function runState(run: RunView, now: number): string {
  return run.outcome ?? `running for ${duration(now - timeOf(run.startedAt))}`;
}

/** A fleet line's last run: "n-41: failed", or "–" when none is known. */
export function lastRunWords(run: RunView | null | undefined, now: number): string {
  return run ? `${run.runId}: ${runState(run, now)}` : '–';
}

/** "in 3 h 5 min", "due 4 min ago", or "–" without a schedule. */
export function nextRunWords(next: string | null, now: number): string {
  if (!next) return '–';
  const at = timeOf(next);
  return at >= now ? `in ${duration(at - now)}` : `due ${duration(now - at)} ago`;
}
