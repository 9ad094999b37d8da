// Drawing attention to new critical alerts when the tab is in the background: the document title
// counts firing critical alerts; desktop notifications and a sound are each off until the user
// turns them on (the permission is asked on that click, never on load) and remembered.
import { useEffect, useRef, useState } from 'react';
import type { AlertSummary } from './types';

const TITLE = 'PipelineMonitor';

export function titleFor(alerts: AlertSummary[]): string {
  const critical = alerts.filter((a) => a.status === 'firing' && a.severity === 'critical').length;
  return critical > 0 ? `(${critical}) ${TITLE}` : TITLE;
}

export interface AttentionPreferences {
  desktop: boolean;
  sound: boolean;
}

const KEY = 'monitor.attention';

export function loadPreferences(storage: Pick<Storage, 'getItem'> = localStorage): AttentionPreferences {
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? '{}') as Partial<AttentionPreferences>;
    return { desktop: saved.desktop === true, sound: saved.sound === true };
  } catch {
    return { desktop: false, sound: false };
  }
}

/** New firing critical alerts since the last call (the first call only learns what is there). */
export function newCritical(seen: Set<string> | null, alerts: AlertSummary[]): { seen: Set<string>; fresh: AlertSummary[] } {
  const critical = alerts.filter((a) => a.status === 'firing' && a.severity === 'critical');
  const next = new Set(critical.map((a) => a.id));
  return { seen: next, fresh: seen === null ? [] : critical.filter((a) => !seen.has(a.id)) };
}

function beep() {
  const context = new AudioContext();
  const tone = context.createOscillator();
  const gain = context.createGain();
  tone.frequency.value = 880;
  gain.gain.setValueAtTime(0.15, context.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.4);
  tone.connect(gain).connect(context.destination);
  tone.start();
  tone.stop(context.currentTime + 0.4);
  tone.onended = () => void context.close();
}

/** `loaded`: the open set has arrived; critical alerts in it are not new. */
export function useAttention(alerts: AlertSummary[], loaded: boolean) {
  const [preferences, setPreferences] = useState<AttentionPreferences>(() => loadPreferences());
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    document.title = titleFor(alerts);
    if (!loaded) return;
    const { seen: next, fresh } = newCritical(seen.current, alerts);
    seen.current = next;
    if (fresh.length === 0) return;
    if (preferences.desktop && 'Notification' in window && Notification.permission === 'granted') {
      for (const alert of fresh.slice(0, 3)) {
        new Notification(`Critical: ${alert.type}${alert.labels.job ? ` on ${alert.labels.job}` : ''}`, { body: alert.message, tag: alert.id });
      }
    }
    if (preferences.sound) beep();
  }, [alerts, loaded, preferences]);

  const update = async (change: Partial<AttentionPreferences>) => {
    const next = { ...preferences, ...change };
    if (change.desktop && 'Notification' in window && Notification.permission !== 'granted') {
      next.desktop = (await Notification.requestPermission()) === 'granted';
    }
    localStorage.setItem(KEY, JSON.stringify(next));
    setPreferences(next);
  };
  return { preferences, update };
}
