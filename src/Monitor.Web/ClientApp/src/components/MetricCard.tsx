interface MetricCardProps {
  label: string;
  value: string;
  detail?: string;
  tone?: 'normal' | 'warning' | 'critical';
  testId?: string;
}

/** One figure with its label; tone colours it when it crosses a threshold. */
export function MetricCard({ label, value, detail, tone = 'normal', testId }: MetricCardProps) {
  return (
    <section className={`metric-card tone-${tone}`} aria-label={label}>
      <h3>{label}</h3>
      <p className="metric-value" data-testid={testId}>
        {value}
      </p>
      {detail && <p className="metric-detail">{detail}</p>}
    </section>
  );
}
