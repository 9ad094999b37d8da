namespace Monitor.Collector.Prometheus;

/// <summary>What became of a point given to a <see cref="PointSeries"/>.</summary>
internal enum PointUpdate
{
    Stored,

    /// <summary>The series budget has no room for its lines: counted and logged by the budget.</summary>
    NoRoom,

    /// <summary>A delta would take the total count past 2^63-1.</summary>
    CountOverflow,
}
