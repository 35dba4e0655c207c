import MeterTools

/// Everything measured for one case at one thread count: what reports and baselines read.
struct CaseResult: Sendable, Codable {
    /// The case name.
    var name: String
    /// Workers that ran together.
    var threads: Int
    /// Measured samples (warm-ups excluded).
    var samples: Int
    /// Throughput of each sample, all workers together.
    var opsPerSec: SamplePercentiles
    /// Thread time per operation: sample duration × threads / operations.
    var nsPerOp: SamplePercentiles
    /// The case this one is divided by, when it has one.
    var ceiling: String?
    /// Median throughput over the ceiling's median throughput in the same run.
    var ratioToCeiling: Double?
    /// User + system CPU seconds of the whole case (set-up included).
    var cpuSeconds: Double
    /// Peak resident memory (VmHWM) while the case ran, in bytes.
    var peakResidentBytes: UInt64
    /// The case's own counters (accepted, refused, CAS retries...).
    var counters: [String: UInt64]
    /// Figures that are not throughput (bytes per account).
    var figures: [String: Double]

    /// The key a result is known by: `name@threads`.
    var key: String { BenchmarkCase.key(name, threads) }
}
