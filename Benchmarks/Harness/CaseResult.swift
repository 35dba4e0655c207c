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
    /// The median over samples of (this sample's throughput / the ceiling sample run just
    /// before it): the figure goals and baselines use.
    var ratioToCeiling: Double?
    /// The paired ratios' spread across samples, when the case has a ceiling.
    var ratioSpread: SamplePercentiles?
    /// Throughput of the ceiling samples this case's samples were paired with. At two
    /// threads it tells the host's modes apart: the raw ceiling runs at about 1.7× its
    /// one-thread speed when the two vCPUs have a core each, about 1× when they share one.
    var pairedCeilingOpsPerSec: SamplePercentiles?
    /// User + system CPU seconds of the case's set-up, samples and finish (not its paired
    /// ceiling's samples).
    var cpuSeconds: Double
    /// Peak resident memory (VmHWM) while the case ran, in bytes; it includes the paired
    /// ceiling's state, which is set up first.
    var peakResidentBytes: UInt64
    /// The case's own counters (accepted, refused, CAS retries...).
    var counters: [String: UInt64]
    /// Figures that are not throughput (bytes per account).
    var figures: [String: Double]

    /// Encodes every field, writing `null` for a missing ceiling or ratio so that readers of
    /// the JSON always find the keys.
    /// - Parameter encoder: the JSON encoder.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(threads, forKey: .threads)
        try container.encode(samples, forKey: .samples)
        try container.encode(opsPerSec, forKey: .opsPerSec)
        try container.encode(nsPerOp, forKey: .nsPerOp)
        try container.encode(ceiling, forKey: .ceiling)
        try container.encode(ratioToCeiling, forKey: .ratioToCeiling)
        try container.encode(ratioSpread, forKey: .ratioSpread)
        try container.encode(pairedCeilingOpsPerSec, forKey: .pairedCeilingOpsPerSec)
        try container.encode(cpuSeconds, forKey: .cpuSeconds)
        try container.encode(peakResidentBytes, forKey: .peakResidentBytes)
        try container.encode(counters, forKey: .counters)
        try container.encode(figures, forKey: .figures)
    }

    /// The key a result is known by: `name@threads`.
    var key: String { BenchmarkCase.key(name, threads) }
}
