// The seed's data model as the monitor sends it (JSON, camelCase). See docs/architecture.md, "Data model".

export interface StagePerformance {
  count: number;
  failed: number;
  errorRate: number;
  averageTime: number;
  maxTime: number;
  /** Milliseconds, estimated from the stage's duration buckets. */
  p95Time: number;
}

export interface HealthStatus {
  status: 'healthy' | 'degraded' | 'unhealthy';
  lastUpdate: string;
  issues: string[];
}

export interface PipelineMetrics {
  job: string;
  totalModulesProcessed: number;
  totalResourcesGenerated: number;
  /** Milliseconds, mean span duration in the window. */
  averageProcessingTime: number;
  successRate: number;
  errorRate: number;
  sampleCount: number;
  resourcesByType: Record<string, number>;
  qualityScores: Record<string, number>;
  performance: Record<string, StagePerformance>;
  health: HealthStatus | null;
}

/** One pipeline in the fleet summary (fleet_update): what ranks it among the others. */
export interface PipelineSummary {
  job: string;
  errorRate: number;
  sampleCount: number;
  isRunning: boolean;
  lastActivity?: string | null;
}

export interface PipelineStatus {
  job: string;
  isRunning: boolean;
  activeModules: number;
  queuedModules: number;
  resourcesInProgress: number;
  lastActivity: string | null;
  uptime: number;
}

/** One pipeline's charted figures at one moment (GET /api/metrics/history). */
export interface HistoryPoint {
  timestamp: string;
  errorRate: number;
  successRate: number;
  /** Milliseconds. */
  averageProcessingTime: number;
  sampleCount: number;
  activeModules: number;
  queuedModules: number;
}

export interface PipelineHistory {
  job: string;
  points: HistoryPoint[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type AlertStatus = 'firing' | 'acknowledged' | 'resolved' | 'expired';
export type Severity = 'warning' | 'critical';

/**
 * An alert as the list shows it: GET /api/alerts/open and the hub's alerts_snapshot send the open
 * alerts this way (a third fewer bytes than whole alerts at 10,000 open alerts). A newer full copy
 * (alerts_update, GET /api/alerts/{id}) replaces it; the alert's page loads the whole alert over REST.
 */
export interface AlertSummary {
  id: string;
  type: string;
  severity: Severity;
  message: string;
  timestamp: string;
  status: AlertStatus;
  labels: Record<string, string>;
  count: number;
  lastSeen: string;
  acknowledgedBy?: string | null;
  acknowledgedAt?: string | null;
  acknowledgeComment?: string | null;
  acknowledgedUntil?: string | null;
  resolvedAt?: string | null;
  /** The store's change counter at this alert's last change: a higher version is a newer copy. */
  version: number;
}

export interface PerformanceAlert extends AlertSummary {
  moduleId: string | null;
  resourceId: string | null;
  data: Record<string, number>;
  acknowledged: boolean;
  fingerprint: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeComment: string | null;
  acknowledgedUntil: string | null;
  resolvedAt: string | null;
  /** The Alertmanager silence of the current acknowledgement, once made. */
  silenceId?: string | null;
  silenceUntil?: string | null;
  evidence: { traceId: string; spanId: string }[];
}

/** GET /api/alerts/open: the open alerts as list rows, and the digest the hub's SyncAlerts compares. */
export interface OpenAlerts {
  digest: string;
  alerts: AlertSummary[];
}

/** One message of alerts_snapshot: part `part` (from 0) of `parts`; the snapshot is whole once the last arrived. */
export interface AlertSnapshotPart {
  part: number;
  parts: number;
  alerts: AlertSummary[];
}

/** Whether a copy is the whole alert (alerts_update, GET /api/alerts/{id}) rather than its list row (GET /api/alerts/open, alerts_snapshot). */
export const isWholeAlert = (alert: AlertSummary): alert is PerformanceAlert => 'fingerprint' in alert;

export interface AlertTransition {
  alertId: string;
  action: string;
  status: AlertStatus;
  severity: Severity;
  at: string;
  actor: string | null;
  comment: string | null;
}

/** One notification of an alert: to which receiver, for which transition, and how it went. */
export interface NotificationRecord {
  receiver: string;
  kind: 'alerts' | 'silence' | 'unsilence' | 'webhook';
  event: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
  result: string | null;
}

export interface Identity {
  role: 'anonymous' | 'viewer' | 'admin';
  name: string | null;
  anonymousRead: boolean;
}

/** One built-in rule's thresholds (GET /api/config, Monitoring:AlertThresholds). */
export interface Threshold {
  enabled: boolean;
  warning: number;
  critical: number;
  minSamples: number;
}

/** The part of GET /api/config the console draws with. */
export interface MonitoringConfig {
  alertThresholds: {
    errorRate: Threshold;
    successRate: Threshold;
    averageProcessingTime: Threshold;
  };
}

/** GET /api/ui: the links out and the reconnection policy. */
export interface UiSettings {
  traceUrlTemplate: string | null;
  grafanaUrl: string | null;
  reconnectAttempts: number;
}

export interface AlertQueryParams {
  status?: string;
  severity?: string;
  job?: string;
  type?: string;
  q?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface BulkAcknowledgeResult {
  id: string;
  result: 'Acknowledged' | 'AlreadyAcknowledged' | 'AlreadyClosed' | 'NotFound';
  alert: PerformanceAlert | null;
}

/** A run of a pipeline (GET /api/runs/{job}); outcome null while it is active. */
export interface RunView {
  job: string;
  runId: string;
  traceId: string;
  rootSpanId: string | null;
  startedAt: string;
  endedAt: string | null;
  lastSpanAt: string;
  durationSeconds: number;
  stages: string[];
  outcome: 'succeeded' | 'failed' | 'abandoned' | null;
}

/** One pipeline's runs and schedule (GET /api/runs/{job}). */
export interface PipelineRuns {
  job: string;
  active: RunView[];
  ended: RunView[];
  schedule: { cron: string; timeZone: string; grace: string; nextExpectedRun: string | null } | null;
}

/** A pipeline's last run line (GET /api/runs). */
export interface PipelineLastRun {
  job: string;
  lastRun: RunView | null;
  activeRuns: number;
  nextExpectedRun: string | null;
}
