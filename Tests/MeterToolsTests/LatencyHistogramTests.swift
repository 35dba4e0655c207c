import MeterTools
import Testing

@Suite("Latency histogram")
struct LatencyHistogramTests {
    /// Values spread over every magnitude: exact small ones, bucket edges, and huge ones.
    static func samples(seed: UInt64, count: Int) -> [UInt64] {
        var generator = Xoshiro256(seed: seed)
        var values: [UInt64] = [0, 1, 127, 128, 255, 256, 257, 1_000_000, .max, .max - 1, 1 << 63]
        while values.count < count {
            // A random bit length, then random bits below it: log-uniform magnitudes.
            let bits = UInt64.random(in: 0...64, using: &generator)
            values.append(bits == 64 ? generator.next() : generator.next() & ((1 << bits) - 1))
        }
        return values
    }

    @Test("every percentile is within 1/128 above the exact nearest-rank value", arguments: [1 as UInt64, 2, 3])
    func percentileErrorBound(seed: UInt64) throws {
        let values = Self.samples(seed: seed, count: 20_000)
        var histogram = LatencyHistogram()
        for value in values { histogram.record(value) }
        let sorted = values.sorted()
        for percentile in [0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100] {
            let rank = max(Int((percentile * Double(sorted.count) / 100).rounded(.up)), 1)
            let exact = sorted[rank - 1]
            let reported = try #require(histogram.value(atPercentile: percentile))
            #expect(reported >= exact, "p\(percentile)")
            #expect(Double(reported - exact) <= Double(exact) * LatencyHistogram.relativeErrorBound, "p\(percentile): \(reported) vs \(exact)")
        }
        #expect(histogram.value(atPercentile: 0) == sorted.first)
        #expect(histogram.value(atPercentile: 100) == sorted.last)
        #expect(histogram.count == UInt64(values.count))
        #expect(histogram.min == sorted.first)
        #expect(histogram.max == sorted.last)
    }

    @Test("every bucket is at most 1/128 of its lower bound wide and buckets tile the range")
    func bucketLayout() {
        var histogram = LatencyHistogram()
        for value in Self.samples(seed: 9, count: 5_000) { histogram.record(value) }
        let buckets = histogram.nonEmptyBuckets()
        #expect(buckets.reduce(0) { $0 + $1.count } == histogram.count)
        for bucket in buckets {
            #expect(bucket.lowerBound <= bucket.upperBound)
            #expect(bucket.upperBound - bucket.lowerBound <= bucket.lowerBound / 128)
        }
        for (previous, next) in zip(buckets, buckets.dropFirst()) {
            #expect(previous.upperBound < next.lowerBound)
        }
        #expect(buckets.first?.lowerBound == 0 && buckets.first?.upperBound == 0)
        #expect(buckets.last?.upperBound == .max)
    }

    @Test("merging equals recording everything in one histogram")
    func merge() {
        let values = Self.samples(seed: 5, count: 6_000)
        var whole = LatencyHistogram()
        var parts = [LatencyHistogram(), LatencyHistogram(), LatencyHistogram()]
        for (index, value) in values.enumerated() {
            whole.record(value)
            parts[index % 3].record(value)
        }
        var merged = LatencyHistogram()
        for part in parts { merged.merge(part) }
        merged.merge(LatencyHistogram())
        #expect(merged.summary() == whole.summary())
        #expect(merged.nonEmptyBuckets() == whole.nonEmptyBuckets())
        #expect(merged.mean == whole.mean)
    }

    @Test("the mean is exact even when the sum passes UInt64.max")
    func meanOverflow() {
        var histogram = LatencyHistogram()
        histogram.record(.max)
        histogram.record(.max)
        histogram.record(1)
        histogram.record(3)
        #expect(histogram.mean == (2 * 0x1.0p64 + 2) / 4)
    }

    @Test("an empty histogram reports nothing, and reset empties a full one")
    func empty() {
        var histogram = LatencyHistogram()
        #expect(histogram.count == 0)
        #expect(histogram.min == nil && histogram.max == nil && histogram.mean == nil)
        #expect(histogram.value(atPercentile: 50) == nil)
        #expect(histogram.summary() == nil)
        #expect(histogram.nonEmptyBuckets().isEmpty)
        histogram.record(42)
        #expect(histogram.value(atPercentile: .nan) == nil)
        #expect(histogram.summary()?.p9999 == 42)
        histogram.reset()
        #expect(histogram.summary() == nil)
    }
}
