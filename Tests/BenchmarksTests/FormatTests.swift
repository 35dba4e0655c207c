@testable import benchmarks
import MeterTools
import Testing

/// Table formatting and the split of work between workers.
struct FormatTests {
    @Test("fixed decimals", arguments: [
        (0.1234, 3, "0.123"), (12.0, 1, "12.0"), (-0.5, 2, "-0.50"), (1.995, 2, "2.00"), (7.0, 0, "7"),
    ])
    func fixed(value: Double, digits: Int, text: String) {
        #expect(Format.fixed(value, digits) == text)
    }

    @Test func sizeLabels() {
        #expect(SizeLabel.of(100_000) == "100k")
        #expect(SizeLabel.of(10_000_000) == "10m")
        #expect(SizeLabel.of(1_500) == "1500")
    }

    @Test("workers share every item exactly once", arguments: [(10, 3), (1, 2), (100_000, 2), (7, 7)])
    func shares(count: Int, workers: Int) {
        let ranges = (0..<workers).map {
            SampleContext(worker: $0, workers: workers, sample: 0, deadline: Deadline(nanoseconds: 0)).share(of: count)
        }
        #expect(ranges.map(\.count).reduce(0, +) == count)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }
}
