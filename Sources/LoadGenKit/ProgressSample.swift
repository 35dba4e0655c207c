/// One progress line's figures: one point of the throughput-over-time chart.
public struct ProgressSample: Sendable, Codable, Equatable {
    /// Seconds since the workers were released.
    public var elapsed: Double
    /// Debits answered per second over the interval.
    public var debitsPerSecond: Double
    /// Accepted debits so far.
    public var accepted: UInt64
    /// Refused debits so far, by reason.
    public var refused: [String: UInt64]
    /// The 99th percentile latency over the interval, in nanoseconds (0 if none).
    public var p99Nanoseconds: UInt64

    /// The progress line: elapsed, debits/s, accepted, refused by reason, p99.
    public var line: String {
        let reasons = refused.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Figures.count($0.value))" }.joined(separator: " ")
        return "[\(Figures.fixed(elapsed, 1))s] \(Figures.whole(debitsPerSecond)) debits/s  accepted \(Figures.count(accepted))"
            + "  refused \(reasons.isEmpty ? "0" : reasons)  p99 \(Figures.duration(p99Nanoseconds))"
    }
}
