import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertFilter } from '../alerts';
import { monitoring } from '../services/monitoring';
import type { AlertQueryParams, PerformanceAlert } from '../types';

const PAGE_SIZE = 100;

export interface PastAlerts {
  items: PerformanceAlert[];
  total: number;
  loading: boolean;
  error: string | null;
  more: () => void;
  refresh: () => void;
}

function alertQuery(filter: AlertFilter, page: number): AlertQueryParams {
  return {
    status: filter.status === 'all' || filter.status === 'open' ? undefined : filter.status,
    severity: filter.severity === 'all' ? undefined : filter.severity,
    job: filter.job || undefined,
    type: filter.rule || undefined,
    q: filter.q.trim() || undefined,
    from: filter.from || undefined,
    to: filter.to || undefined,
    page,
    pageSize: PAGE_SIZE,
  };
}

/** Alerts from the store (GET /api/alerts), newest first, a page at a time; null filter: none asked. */
export function usePastAlerts(filter: AlertFilter | null, onRest?: (ok: boolean) => void): PastAlerts {
  const [items, setItems] = useState<PerformanceAlert[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const key = filter ? JSON.stringify({ ...filter, group: '' }) : null;
  const report = useRef(onRest);
  report.current = onRest;

  useEffect(() => {
    setItems([]);
    setTotal(0);
    setPage(1);
  }, [key, generation]);

  useEffect(() => {
    if (key === null) return;
    let current = true;
    setLoading(true);
    monitoring.alerts(alertQuery(JSON.parse(key) as AlertFilter, page)).then(
      (answer) => {
        if (!current) return;
        setItems((before) => (page === 1 ? answer.items : [...before, ...answer.items.filter((a) => !before.some((b) => b.id === a.id))]));
        setTotal(answer.total);
        setError(null);
        setLoading(false);
        report.current?.(true);
      },
      (e: Error) => {
        if (!current) return;
        setError(`Past alerts are not available: ${e.message}`);
        setLoading(false);
        report.current?.(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, page, generation]);

  const more = useCallback(() => setPage((p) => p + 1), []);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { items, total, loading, error, more, refresh };
}
