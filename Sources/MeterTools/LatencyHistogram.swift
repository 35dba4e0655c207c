/// A log-linear histogram of durations in nanoseconds (the HdrHistogram layout) with at
/// most 1/128 (< 0.8 %) relative error over the whole `UInt64` range.
///
/// Values below 256 each have their own bucket (exact). Above that, every power of two
/// `[2^m, 2^(m+1))` is split into 128 equal sub-buckets of width `2^(m-7)`, so a bucket is
/// never wider than 1/128 of its lower bound. That is 7,424 buckets (58 KiB) allocated once
/// at init; recording is a few integer instructions and never allocates.
///
/// Not thread-safe, by design: give each thread its own histogram and ``merge(_:)`` them
/// when the threads have finished.
public struct LatencyHistogram: Sendable {
    /// Sub-buckets per power of two, as a bit count: 2^7 = 128.
    @usableFromInline
    internal static let subBucketBits = 7
    @usableFromInline
    internal static let subBucketCount = 1 << subBucketBits
    /// Values 0..<128 map to themselves; then 57 powers of two (2^7 ... 2^63) of 128 each.
    @usableFromInline
    internal static let bucketCount = subBucketCount + (64 - subBucketBits) * subBucketCount

    @usableFromInline
    internal var counts: [UInt64]
    @usableFromInline
    internal var recordedCount: UInt64 = 0
    @usableFromInline
    internal var minimum: UInt64 = .max
    @usableFromInline
    internal var maximum: UInt64 = 0
    /// The sum of all values as a 128-bit number split in two words, so that the mean
    /// stays exact even for values near `UInt64.max`.
    @usableFromInline
    internal var sumLow: UInt64 = 0
    @usableFromInline
    internal var sumHigh: UInt64 = 0

    /// The largest relative error of a reported percentile: 1/128, about 0.78 %.
    public static var relativeErrorBound: Double { 1.0 / Double(subBucketCount) }

    /// Creates an empty histogram; this is the only allocation it ever makes.
    public init() {
        counts = Array(repeating: 0, count: Self.bucketCount)
    }

    /// Adds one value.
    /// - Parameter nanoseconds: The duration to record; every `UInt64` is accepted.
    /// - Complexity: O(1), no allocation (as long as this histogram's storage is not shared
    ///   with a copy).
    @inlinable
    public mutating func record(_ nanoseconds: UInt64) {
        counts[Self.bucketIndex(of: nanoseconds)] &+= 1
        recordedCount &+= 1
        if nanoseconds < minimum { minimum = nanoseconds }
        if nanoseconds > maximum { maximum = nanoseconds }
        let (low, overflow) = sumLow.addingReportingOverflow(nanoseconds)
        sumLow = low
        if overflow { sumHigh &+= 1 }
    }

    /// Adds every value recorded in `other` to this histogram.
    /// - Parameter other: Another histogram; it is not changed.
    /// - Complexity: O(number of buckets), about 7,400 additions.
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        for index in counts.indices {
            counts[index] &+= other.counts[index]
        }
        recordedCount &+= other.recordedCount
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        let (low, overflow) = sumLow.addingReportingOverflow(other.sumLow)
        sumLow = low
        sumHigh &+= other.sumHigh &+ (overflow ? 1 : 0)
    }

    /// Forgets every recorded value, keeping the storage.
    /// - Complexity: O(number of buckets).
    public mutating func reset() {
        for index in counts.indices { counts[index] = 0 }
        recordedCount = 0
        minimum = .max
        maximum = 0
        sumLow = 0
        sumHigh = 0
    }

    /// The number of recorded values.
    public var count: UInt64 { recordedCount }

    /// The smallest recorded value (exact), or `nil` when the histogram is empty.
    public var min: UInt64? { count > 0 ? minimum : nil }

    /// The largest recorded value (exact), or `nil` when the histogram is empty.
    public var max: UInt64? { count > 0 ? maximum : nil }

    /// The arithmetic mean of the recorded values, or `nil` when the histogram is empty.
    ///
    /// The sum is kept exactly in 128 bits, so the mean is accurate to `Double` precision
    /// (unlike the percentiles, it does not depend on the buckets).
    public var mean: Double? {
        guard count > 0 else { return nil }
        return (Double(sumHigh) * 0x1.0p64 + Double(sumLow)) / Double(count)
    }

    /// The value at a percentile, by nearest rank (see ``SamplePercentiles``).
    ///
    /// The answer is the highest value that falls in the same bucket as the exact answer,
    /// clamped to the recorded ``min`` and ``max``; it is therefore never below the exact
    /// answer and at most 1/128 of it above. p0 gives ``min`` and p100 gives ``max``.
    /// - Parameter percentile: In `0...100`; values outside are clamped.
    /// - Returns: The value, or `nil` when the histogram is empty or `percentile` is NaN.
    /// - Complexity: O(number of buckets).
    public func value(atPercentile percentile: Double) -> UInt64? {
        guard let rank = SamplePercentiles.nearestRank(percentile: percentile, count: count) else { return nil }
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen &+= bucketCount
            if seen >= rank {
                let highest = Self.bucket(at: index, count: bucketCount).upperBound
                return Swift.max(Swift.min(highest, maximum), minimum)
            }
        }
        return maximum
    }

    /// The standard latency report: p50, p90, p99, p99.9 and p99.99 with count, min, max
    /// and mean.
    /// - Returns: The summary, or `nil` when the histogram is empty.
    /// - Complexity: O(number of buckets) per percentile.
    public func summary() -> Summary? {
        guard let min, let max, let mean else { return nil }
        func at(_ p: Double) -> UInt64 { value(atPercentile: p) ?? max }
        return Summary(
            count: count, min: min, max: max, mean: mean,
            p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), p9999: at(99.99)
        )
    }

    /// The buckets that hold at least one value, in ascending order: the data for a chart.
    /// - Returns: One ``Bucket`` per non-empty bucket.
    /// - Complexity: O(number of buckets).
    public func nonEmptyBuckets() -> [Bucket] {
        counts.enumerated().compactMap { index, bucketCount in
            bucketCount > 0 ? Self.bucket(at: index, count: bucketCount) : nil
        }
    }

    /// The bucket that holds `value`.
    @inlinable
    internal static func bucketIndex(of value: UInt64) -> Int {
        // Bit position of the highest set bit; values below 256 get shift 0 and index = value.
        let magnitude = 63 - (value | 1).leadingZeroBitCount
        let shift = Swift.max(magnitude - subBucketBits, 0)
        return shift * subBucketCount + Int(truncatingIfNeeded: value >> UInt64(shift))
    }

    /// The value range covered by the bucket at `index`, the inverse of ``bucketIndex(of:)``.
    internal static func bucket(at index: Int, count: UInt64) -> Bucket {
        // Index i ≥ 256 has shift s = i / 128 - 1 and holds values (i - 128s) << s ... + 2^s - 1.
        let shift = Swift.max(index / subBucketCount - 1, 0)
        let lower = UInt64(index - shift * subBucketCount) << UInt64(shift)
        return Bucket(lowerBound: lower, upperBound: lower + ((1 << UInt64(shift)) - 1), count: count)
    }
}

extension LatencyHistogram {
    /// One non-empty bucket: every value in `lowerBound...upperBound` counts in it.
    public struct Bucket: Sendable, Equatable, Codable {
        /// The smallest value the bucket holds.
        public let lowerBound: UInt64
        /// The largest value the bucket holds (inclusive).
        public let upperBound: UInt64
        /// How many recorded values fell in the bucket.
        public let count: UInt64
    }

    /// The numbers a latency report prints, in nanoseconds.
    public struct Summary: Sendable, Equatable, Codable {
        /// The number of recorded values.
        public let count: UInt64
        /// The smallest recorded value (exact).
        public let min: UInt64
        /// The largest recorded value (exact).
        public let max: UInt64
        /// The exact mean.
        public let mean: Double
        /// The median.
        public let p50: UInt64
        /// The 90th percentile.
        public let p90: UInt64
        /// The 99th percentile.
        public let p99: UInt64
        /// The 99.9th percentile.
        public let p999: UInt64
        /// The 99.99th percentile.
        public let p9999: UInt64
    }
}
