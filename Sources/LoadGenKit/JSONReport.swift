import MeterTools

/// The JSON document's shape (`throughput_per_sec`, `refused`, `latency_ns`, `audit`, …).
struct JSONReport: Encodable {
    struct Latency: Encodable {
        var count: UInt64, min: UInt64, mean: Double, p50: UInt64, p90: UInt64, p99: UInt64, p999: UInt64, p9999: UInt64, max: UInt64
    }

    struct Audit: Encodable {
        var passed: Bool
        var checks: Int
        var violationCount: Int
        var violations: [String]
        var hardStopsAtLimit: Int
        var hardStopsExactlyAtLimit: Int

        enum CodingKeys: String, CodingKey {
            case passed, checks, violations
            case violationCount = "violation_count"
            case hardStopsAtLimit = "hard_stops_at_limit"
            case hardStopsExactlyAtLimit = "hard_stops_exactly_at_limit"
        }
    }

    struct Config: Encodable {
        var accounts: Int, threads: Int, durationSeconds: Double, workload: String, skew: Double, api: String, batch: Int
        var rate: Double?, controlRate: Double, seed: UInt64

        enum CodingKeys: String, CodingKey {
            case accounts, threads, workload, skew, api, batch, rate, seed
            case durationSeconds = "duration_seconds"
            case controlRate = "control_rate"
        }
    }

    var date: String
    var config: Config
    var wallSeconds: Double
    var debits: UInt64
    var throughputPerSec: Double
    var accepted: UInt64
    var refused: [String: UInt64]
    var latencyNs: Latency?
    var latencyBuckets: [LatencyHistogram.Bucket]
    var cpuSeconds: Double
    var coresBusy: Double
    var peakMemoryBytes: UInt64?
    var events: [String: Int]
    var droppedEvents: Int
    var controlSent: [String: Int]
    var controlRefused: [String: Int]
    var controlProbes: Int
    var accountsByKind: [String: Int]
    var clockDays: [String]
    var timeline: [ProgressSample]
    var audit: Audit

    enum CodingKeys: String, CodingKey {
        case date, config, debits, accepted, refused, events, timeline, audit
        case wallSeconds = "wall_seconds"
        case throughputPerSec = "throughput_per_sec"
        case latencyNs = "latency_ns"
        case latencyBuckets = "latency_buckets"
        case cpuSeconds = "cpu_seconds"
        case coresBusy = "cores_busy"
        case peakMemoryBytes = "peak_memory_bytes"
        case droppedEvents = "dropped_events"
        case controlSent = "control_sent"
        case controlRefused = "control_refused"
        case controlProbes = "control_probes"
        case accountsByKind = "accounts_by_kind"
        case clockDays = "clock_days"
    }

    init(_ r: RunResult, date: String) {
        self.date = date
        let c = r.config
        config = Config(accounts: c.accounts, threads: c.threads, durationSeconds: c.duration, workload: c.workload.rawValue,
                        skew: c.skew, api: c.api.rawValue, batch: c.batch, rate: c.rate, controlRate: c.controlRate, seed: c.seed)
        wallSeconds = r.wallSeconds
        debits = r.debits
        throughputPerSec = r.throughputPerSecond
        accepted = r.accepted
        refused = r.refused
        latencyNs = r.latency.summary().map {
            Latency(count: $0.count, min: $0.min, mean: $0.mean, p50: $0.p50, p90: $0.p90, p99: $0.p99,
                    p999: $0.p999, p9999: $0.p9999, max: $0.max)
        }
        latencyBuckets = r.latency.nonEmptyBuckets()
        cpuSeconds = Double(r.cpuNanoseconds) / 1e9
        coresBusy = r.coresBusy
        peakMemoryBytes = r.peakResidentBytes
        events = r.eventsByKind
        droppedEvents = r.droppedEvents
        controlSent = r.controlSent
        controlRefused = r.controlRefused
        controlProbes = r.controlProbes
        accountsByKind = r.accountsByKind
        clockDays = r.days
        timeline = r.timeline
        audit = Audit(passed: r.audit.passed, checks: r.audit.checks, violationCount: r.audit.violationCount,
                      violations: r.audit.violations, hardStopsAtLimit: r.audit.hardStopsAtLimit,
                      hardStopsExactlyAtLimit: r.audit.hardStopsExactlyAtLimit)
    }
}
