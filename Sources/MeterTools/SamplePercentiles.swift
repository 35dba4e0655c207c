/// Exact percentiles of a small list of measurements (for example one duration per
/// benchmark run), computed by sorting.
///
/// Percentiles use the nearest-rank definition: the p-th percentile of n sorted values is
/// the value at 1-based rank `ceil(p / 100 × n)` (rank 1 for p = 0). It is always one of
/// the samples, never an interpolation, so p0 is the minimum and p100 the maximum.
/// ``LatencyHistogram`` uses the same definition.
public struct SamplePercentiles: Sendable, Equatable, Codable {
    /// The number of samples summarised (NaN samples are dropped first).
    public let count: Int
    /// The arithmetic mean of the samples.
    public let mean: Double
    /// The smallest sample.
    public let p0: Double
    /// The 25th percentile (first quartile).
    public let p25: Double
    /// The median.
    public let p50: Double
    /// The 75th percentile (third quartile).
    public let p75: Double
    /// The 90th percentile.
    public let p90: Double
    /// The 99th percentile; with fewer than 100 samples it is the maximum.
    public let p99: Double
    /// The largest sample.
    public let p100: Double

    /// Summarises `samples`.
    /// - Parameter samples: The measurements, in any order. NaN values are ignored.
    /// - Returns: `nil` when no sample is left after dropping NaNs.
    /// - Complexity: O(n log n) for the sort.
    public init?(_ samples: [Double]) {
        let sorted = samples.filter { !$0.isNaN }.sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        func at(_ p: Double) -> Double { Self.value(atPercentile: p, inSorted: sorted) ?? first }
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(sorted.count)
        p0 = first
        p25 = at(25)
        p50 = at(50)
        p75 = at(75)
        p90 = at(90)
        p99 = at(99)
        p100 = last
    }

    /// The nearest-rank percentile of an already sorted array.
    /// - Parameters:
    ///   - percentile: In `0...100`; values outside are clamped.
    ///   - sorted: Values in ascending order.
    /// - Returns: The value at rank `ceil(percentile / 100 × n)`, or `nil` when `sorted`
    ///   is empty or `percentile` is NaN.
    /// - Complexity: O(1).
    public static func value(atPercentile percentile: Double, inSorted sorted: [Double]) -> Double? {
        guard let rank = nearestRank(percentile: percentile, count: UInt64(sorted.count)) else { return nil }
        return sorted[Int(rank) - 1]
    }

    /// The 1-based nearest rank for `percentile` among `count` ordered values.
    ///
    /// `p × n / 100` is rounded up, except that a product within 1e-9 (relative) of a whole
    /// number counts as that number: 99.9 % of 1,000 is rank 999, not 1,000, despite the
    /// binary representation of 99.9.
    /// - Returns: A rank in `1...count`, or `nil` when `count` is 0 or `percentile` is NaN.
    internal static func nearestRank(percentile: Double, count: UInt64) -> UInt64? {
        guard count > 0, !percentile.isNaN else { return nil }
        let clamped = min(max(percentile, 0), 100)
        let exact = clamped * Double(count) / 100
        let whole = exact.rounded()
        let rounded = abs(exact - whole) <= 1e-9 * max(1, exact) ? whole : exact.rounded(.up)
        // Compare in Double first: Double(count) may round up to 2^64, which UInt64 cannot hold.
        return rounded >= Double(count) ? count : max(UInt64(rounded), 1)
    }
}
