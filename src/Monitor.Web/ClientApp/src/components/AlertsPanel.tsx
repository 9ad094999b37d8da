import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { filterAlerts, groupAlerts, isLiveFilter, isNewer, type AlertFilter } from '../alerts';
import { useNow } from '../hooks/useNow';
import { usePastAlerts } from '../hooks/usePastAlerts';
import type { AlertSummary } from '../types';
import { AcknowledgeDialog } from './AcknowledgeDialog';
import { ALERT_ROW_HEIGHT, AlertRow } from './AlertRow';
import { AlertFilters } from './AlertFilters';

const GROUP_ROW_HEIGHT = 40;

type GroupRow = { kind: 'group'; key: string; count: number; firing: number; ids: string[] };
/** A line of the list: a group's header or an alert itself (no wrapper: an ungrouped storm of 10,000 allocates nothing per row). */
type Row = GroupRow | AlertSummary;
const isGroup = (row: Row): row is GroupRow => 'kind' in row;

interface AlertsPanelProps {
  /** The live set: every open alert, pushed. */
  alerts: AlertSummary[];
  /** The live set has arrived: alerts that appear after it are new. */
  loaded?: boolean;
  canAcknowledge: boolean;
  jobs: string[];
  rules: string[];
  filter: AlertFilter;
  onFilter: (filter: AlertFilter) => void;
  onOpen: (id: string) => void;
  /** Whether a REST call worked (the dashboard's Error / Recovering states). */
  onRest?: (ok: boolean) => void;
  /** Keyboard shortcuts act on this panel (not while another view or a dialog is open). */
  shortcuts?: boolean;
}

/**
 * The alert console's list: open alerts live, past ones from the store on demand, filtered,
 * searched, grouped (groups start collapsed), selectable for bulk acknowledgement. Only the rows
 * in view are in the page (a windowed list), so an alert storm of 10,000 stays quick.
 */
export function AlertsPanel({ alerts, loaded = true, canAcknowledge, jobs, rules, filter, onFilter, onOpen, onRest, shortcuts = true }: AlertsPanelProps) {
  const now = useNow(15_000);
  const live = isLiveFilter(filter);
  const past = usePastAlerts(live ? null : filter, onRest);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [acknowledging, setAcknowledging] = useState<string[] | null>(null);
  const [active, setActive] = useState(-1);
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const seen = useRef<Set<string> | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);

  // New alerts (not those of the first picture): highlighted for a few seconds and announced once to screen readers.
  useEffect(() => {
    if (!loaded) return;
    const ids = new Set(alerts.map((a) => a.id));
    if (seen.current === null) {
      seen.current = ids;
      return;
    }
    const added = alerts.filter((a) => !seen.current!.has(a.id) && a.status === 'firing');
    seen.current = ids;
    if (added.length === 0) return;
    setAnnouncement(added.length === 1 ? `New ${added[0].severity} alert: ${added[0].message}` : `${added.length} new alerts`);
    const addedIds = new Set(added.map((a) => a.id));
    setFresh((current) => new Set([...current, ...addedIds]));
    const timer = setTimeout(() => setFresh((current) => new Set([...current].filter((id) => !addedIds.has(id)))), 6000);
    return () => clearTimeout(timer);
  }, [alerts, loaded]);

  const byId = useMemo(() => new Map(alerts.map((a) => [a.id, a])), [alerts]);
  const shown = useMemo(() => {
    if (live) return filterAlerts(alerts, filter);
    // Past alerts as the store answered, each replaced by a newer live copy when there is one.
    return past.items.map((a) => {
      const newer = byId.get(a.id);
      return newer && isNewer(newer, a) ? newer : a;
    });
  }, [live, alerts, filter, past.items, byId]);

  const rows = useMemo<Row[]>(() => {
    if (filter.group === 'none') return shown;
    const result: Row[] = [];
    for (const group of groupAlerts(shown, filter.group)) {
      const ids = group.alerts.filter((a) => a.status === 'firing').map((a) => a.id);
      result.push({ kind: 'group', key: group.key, count: group.alerts.length, firing: group.firing, ids });
      // One push each, not push(...alerts): a spread of a group that large overflows the call's arguments.
      if (expanded.has(group.key)) for (const alert of group.alerts) result.push(alert);
    }
    return result;
  }, [shown, filter.group, expanded]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (isGroup(rows[i]) ? GROUP_ROW_HEIGHT : ALERT_ROW_HEIGHT),
    overscan: 8,
    initialRect: { width: 480, height: 640 },
    getItemKey: (i) => {
      const row = rows[i];
      return isGroup(row) ? `g:${row.key}` : row.id;
    },
  });

  const select = useCallback((ids: string[], on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const toggleGroup = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  // Selected alerts that are still firing (acknowledged or closed ones drop out of the selection's count).
  const shownById = useMemo(() => new Map(shown.map((a) => [a.id, a])), [shown]);
  const selectedFiring = useMemo(
    () => [...selected].filter((id) => (byId.get(id) ?? shownById.get(id))?.status === 'firing'),
    [selected, byId, shownById],
  );
  const firing = alerts.filter((a) => a.status === 'firing').length;

  // j/k move, Enter opens, x selects, a acknowledges, / searches. A layout effect: the keys work
  // again in the same commit that closes the acknowledge dialog (a passive effect left a frame or
  // more in which a key went nowhere).
  useLayoutEffect(() => {
    if (!shortcuts || acknowledging) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const move = (to: number) => {
        const index = Math.max(0, Math.min(rows.length - 1, to));
        setActive(index);
        virtualizer.scrollToIndex(index, { align: 'auto' });
      };
      const row = rows[active];
      if (e.key === 'j') move(active + 1);
      else if (e.key === 'k') move(active - 1);
      else if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (row && !isGroup(row) && e.key === 'Enter') onOpen(row.id);
      else if (row && isGroup(row) && e.key === 'Enter') toggleGroup(row.key);
      else if (row && !isGroup(row) && e.key === 'x' && canAcknowledge) select([row.id], !selected.has(row.id));
      else if (row && !isGroup(row) && e.key === 'a' && canAcknowledge && row.status === 'firing') setAcknowledging([row.id]);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shortcuts, acknowledging, rows, active, virtualizer, onOpen, canAcknowledge, select, selected]);

  return (
    <section className="alerts-panel" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">
        Alerts <span className="count" data-testid="firing-count">{firing} firing</span>{' '}
        <span className="count" data-testid="shown-count">
          · {live ? `${shown.length} shown` : `${shown.length} of ${past.total} from the store`}
        </span>
      </h2>
      <div className="sr-only" aria-live="polite" data-testid="alert-announcement">
        {announcement}
      </div>
      <AlertFilters filter={filter} onFilter={onFilter} jobs={jobs} rules={rules} searchRef={search} />
      {canAcknowledge && (
        <div className="bulk-bar" data-testid="bulk-bar">
          <label>
            <input
              type="checkbox"
              checked={shown.length > 0 && shown.every((a) => a.status !== 'firing' || selected.has(a.id)) && selectedFiring.length > 0}
              onChange={(e) => select(shown.filter((a) => a.status === 'firing').map((a) => a.id), e.target.checked)}
              data-testid="select-all"
            />
            Select all firing shown
          </label>
          <span data-testid="selected-count">{selectedFiring.length} selected</span>
          <button type="button" disabled={selectedFiring.length === 0} onClick={() => setAcknowledging(selectedFiring)} data-testid="bulk-acknowledge">
            Acknowledge selected
          </button>
          {selected.size > 0 && (
            <button type="button" onClick={() => setSelected(new Set())}>
              Clear
            </button>
          )}
        </div>
      )}
      {past.error && (
        <p role="alert" className="error" data-testid="past-error">
          {past.error}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty">{past.loading ? 'Loading…' : 'No alerts match.'}</p>
      ) : (
        <div className="alert-scroller" ref={scroller} data-testid="alert-list" tabIndex={0} aria-label="Alerts, j and k to move">
          <div role="list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              return (
                <div role="listitem" key={item.key} className="alert-slot" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                  {isGroup(row) ? (
                    <div className={`alert-group${item.index === active ? ' is-active' : ''}`} data-testid="alert-group" data-group={row.key}>
                      <button type="button" className="group-toggle" aria-expanded={expanded.has(row.key)} onClick={() => toggleGroup(row.key)}>
                        {expanded.has(row.key) ? '▾' : '▸'} {row.key}
                      </button>
                      <span className="count" data-testid="group-count">
                        {row.count} {row.count === 1 ? 'alert' : 'alerts'} · {row.firing} firing
                      </span>
                      {canAcknowledge && row.ids.length > 0 && (
                        <button type="button" className="small" onClick={() => select(row.ids, true)} data-testid="group-select">
                          Select the {row.ids.length} firing
                        </button>
                      )}
                    </div>
                  ) : (
                    <AlertRow
                      alert={row}
                      now={now}
                      active={item.index === active}
                      isNew={fresh.has(row.id)}
                      selectable={canAcknowledge && row.status === 'firing'}
                      selected={selected.has(row.id)}
                      canAcknowledge={canAcknowledge}
                      onSelect={(id, on) => select([id], on)}
                      onOpen={onOpen}
                      onAcknowledge={setAcknowledging}
                    />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
      {!live && past.items.length < past.total && (
        <button type="button" onClick={past.more} disabled={past.loading} data-testid="load-more">
          Load more ({past.total - past.items.length} left)
        </button>
      )}
      {acknowledging && (
        <AcknowledgeDialog
          ids={acknowledging}
          onCancel={() => setAcknowledging(null)}
          onDone={() => {
            select(acknowledging, false);
            setAcknowledging(null);
            past.refresh();
          }}
        />
      )}
    </section>
  );
}
