import { useEffect, useState, type RefObject } from 'react';
import { DEFAULT_FILTER, isLiveFilter, type AlertFilter } from '../alerts';

interface AlertFiltersProps {
  filter: AlertFilter;
  onFilter: (filter: AlertFilter) => void;
  jobs: string[];
  rules: string[];
  searchRef: RefObject<HTMLInputElement | null>;
}

/** `YYYY-MM-DDTHH:mm` of a datetime-local input <-> an ISO instant. */
const toLocalInput = (iso: string) => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : '');

/** The panel's filters; the search text is applied a moment after typing stops. */
export function AlertFilters({ filter, onFilter, jobs, rules, searchRef }: AlertFiltersProps) {
  const [text, setText] = useState(filter.q);
  useEffect(() => setText(filter.q), [filter.q]);
  useEffect(() => {
    if (text === filter.q) return;
    const timer = setTimeout(() => onFilter({ ...filter, q: text }), 200);
    return () => clearTimeout(timer);
  }, [text, filter, onFilter]);
  const set = (change: Partial<AlertFilter>) => onFilter({ ...filter, ...change });

  return (
    <div className="filters">
      <label>
        Search
        <input
          ref={searchRef}
          type="search"
          value={text}
          placeholder="message or label, / to focus"
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          data-testid="filter-search"
        />
      </label>
      <label>
        Severity
        <select value={filter.severity} onChange={(e) => set({ severity: e.target.value as AlertFilter['severity'] })} data-testid="filter-severity">
          <option value="all">all</option>
          <option value="critical">critical</option>
          <option value="warning">warning</option>
        </select>
      </label>
      <label>
        Status
        <select value={filter.status} onChange={(e) => set({ status: e.target.value as AlertFilter['status'] })} data-testid="filter-status">
          <option value="open">open</option>
          <option value="firing">firing</option>
          <option value="acknowledged">acknowledged</option>
          <option value="resolved">resolved</option>
          <option value="expired">expired</option>
          <option value="all">all</option>
        </select>
      </label>
      <PipelineFilter value={filter.job} jobs={jobs} onChange={(job) => set({ job })} />
      <label>
        Rule
        <select value={filter.rule} onChange={(e) => set({ rule: e.target.value })} data-testid="filter-rule">
          <option value="">all</option>
          {rules.map((rule) => (
            <option key={rule} value={rule}>
              {rule}
            </option>
          ))}
        </select>
      </label>
      <label>
        Group by
        <select value={filter.group} onChange={(e) => set({ group: e.target.value as AlertFilter['group'] })} data-testid="filter-group">
          <option value="none">nothing</option>
          <option value="pipeline">pipeline</option>
          <option value="rule">rule</option>
        </select>
      </label>
      <label>
        From
        <input type="datetime-local" value={toLocalInput(filter.from)} onChange={(e) => set({ from: fromLocalInput(e.target.value) })} data-testid="filter-from" />
      </label>
      <label>
        To
        <input type="datetime-local" value={toLocalInput(filter.to)} onChange={(e) => set({ to: fromLocalInput(e.target.value) })} data-testid="filter-to" />
      </label>
      {!isLiveFilter(filter) && <span className="count">from the alert store</span>}
      {JSON.stringify(filter) !== JSON.stringify(DEFAULT_FILTER) && (
        <button type="button" className="small" onClick={() => onFilter(DEFAULT_FILTER)} data-testid="filter-reset">
          Reset filters
        </button>
      )}
    </div>
  );
}

/** Beyond this many pipelines a list to scroll through helps nobody (and costs an element each): the filter becomes a text box. */
const MAX_LISTED_PIPELINES = 200;

function PipelineFilter({ value, jobs, onChange }: { value: string; jobs: string[]; onChange: (job: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  if (jobs.length <= MAX_LISTED_PIPELINES) {
    return (
      <label>
        Pipeline
        <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="filter-job">
          <option value="">all</option>
          {jobs.map((job) => (
            <option key={job} value={job}>
              {job}
            </option>
          ))}
        </select>
      </label>
    );
  }
  const suggestions = jobs.filter((job) => job.startsWith(text)).slice(0, 20);
  return (
    <label>
      Pipeline
      <input
        value={text}
        list="pipeline-suggestions"
        placeholder={`any of ${jobs.length}`}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => text !== value && onChange(text)}
        onKeyDown={(e) => e.key === 'Enter' && onChange(text)}
        data-testid="filter-job"
      />
      <datalist id="pipeline-suggestions">
        {suggestions.map((job) => (
          <option key={job} value={job} />
        ))}
      </datalist>
    </label>
  );
}
