import MeterTools
import Testing

@Suite("Sample percentiles (nearest rank)")
struct SamplePercentilesTests {
    @Test("one to ten samples")
    func smallLists() throws {
        let ten = try #require(SamplePercentiles((1...10).reversed().map(Double.init)))
        #expect([ten.p0, ten.p25, ten.p50, ten.p75, ten.p90, ten.p99, ten.p100] == [1, 3, 5, 8, 9, 10, 10])
        #expect(ten.mean == 5.5)
        #expect(ten.count == 10)
        let one = try #require(SamplePercentiles([4.5]))
        #expect([one.p0, one.p50, one.p100] == [4.5, 4.5, 4.5])
    }

    @Test("empty or all-NaN input has no percentiles")
    func empty() {
        #expect(SamplePercentiles([]) == nil)
        #expect(SamplePercentiles([.nan, .nan]) == nil)
        #expect(SamplePercentiles([.nan, 2])?.count == 1)
    }

    struct Rank: Sendable {
        let percentile: Double
        let count: Int
        let rank: Int
    }

    @Test("rank is ceil(p × n / 100), robust to 99.9 not being exact in binary", arguments: [
        Rank(percentile: 99.9, count: 1_000, rank: 999),
        Rank(percentile: 99.99, count: 10_000, rank: 9_999),
        Rank(percentile: 50, count: 3, rank: 2),
        Rank(percentile: 0, count: 5, rank: 1),
        Rank(percentile: -3, count: 5, rank: 1),
        Rank(percentile: 100, count: 5, rank: 5),
        Rank(percentile: 250, count: 5, rank: 5),
    ])
    func rank(_ c: Rank) {
        let sorted = (1...c.count).map(Double.init)
        #expect(SamplePercentiles.value(atPercentile: c.percentile, inSorted: sorted) == Double(c.rank))
    }

    @Test("NaN percentile or empty list gives nil")
    func undefined() {
        #expect(SamplePercentiles.value(atPercentile: .nan, inSorted: [1]) == nil)
        #expect(SamplePercentiles.value(atPercentile: 50, inSorted: []) == nil)
    }
}
