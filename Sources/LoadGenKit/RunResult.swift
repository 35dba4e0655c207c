public import MeterTools

/// Everything a run measured and concluded: what the summary, the JSON and the HTML show.
public struct RunResult: Sendable {
    /// The configuration that ran.
    public var config: LoadGenConfig
    /// Seconds from the workers' release to the last one stopping.
    public var wallSeconds: Double
    /// Accepted debits.
    public var accepted: UInt64
    /// Refused debits by reason (every reason, zeros included).
    public var refused: [String: UInt64]
    /// Latency of every debit, merged over workers.
    public var latency: LatencyHistogram
    /// CPU time the process used during the run, in nanoseconds.
    public var cpuNanoseconds: UInt64
    /// Peak resident memory of the process (`VmHWM`), if known.
    public var peakResidentBytes: UInt64?
    /// Events consumed, by kind.
    public var eventsByKind: [String: Int]
    /// Events the engine dropped.
    public var droppedEvents: Int
    /// Control operations sent, by name.
    public var controlSent: [String: Int]
    /// Control operations the engine refused, by error.
    public var controlRefused: [String: Int]
    /// Probe debits sent after pauses and resumes (their verdicts are in the audit).
    public var controlProbes = 0
    /// Accounts by plan kind.
    public var accountsByKind: [String: Int]
    /// The clock epochs' days (ISO dates), one per usage period walked through.
    public var days: [String]
    /// One sample per progress line.
    public var timeline: [ProgressSample]
    /// The audit's verdict.
    public var audit: AuditResult

    /// All debits answered.
    public var debits: UInt64 { accepted + refused.values.reduce(0, +) }
    /// Debits answered per second of wall time.
    public var throughputPerSecond: Double { wallSeconds > 0 ? Double(debits) / wallSeconds : 0 }
    /// CPU seconds used per wall second (1.0 = one core busy).
    public var coresBusy: Double { wallSeconds > 0 ? Double(cpuNanoseconds) / 1e9 / wallSeconds : 0 }
}
