@testable import benchmarks
import Testing

/// The filter selects by substring (or any of several) and brings each case's ceiling along.
struct CaseSelectionTests {
    /// A case that is never prepared.
    private func stub(_ name: String, _ threads: Int, ceiling: String? = nil) -> BenchmarkCase {
        BenchmarkCase(name: name, threads: threads, ceiling: ceiling, shape: .fixedDuration) { _ throws(BenchmarkFailure) in
            throw .setUp(case: name, reason: "not run in tests")
        }
    }

    /// Two ceilings and two cases at two thread counts.
    private var registry: [BenchmarkCase] {
        [1, 2].flatMap { threads in
            [stub("ceiling/u", threads), stub("ceiling/h", threads),
             stub("engine/uniform", threads, ceiling: "ceiling/u"), stub("engine/hot", threads, ceiling: "ceiling/h")]
        }
    }

    @Test("filters", arguments: [
        ("", ["ceiling/u@1", "ceiling/h@1", "engine/uniform@1", "engine/hot@1",
              "ceiling/u@2", "ceiling/h@2", "engine/uniform@2", "engine/hot@2"]),
        ("hot@2", ["ceiling/h@2", "engine/hot@2"]),
        ("uniform@1,hot@2", ["ceiling/u@1", "engine/uniform@1", "ceiling/h@2", "engine/hot@2"]),
        ("nothing", []),
    ])
    func selection(filter: String, keys: [String]) {
        #expect(CaseSelection.select(registry, filter: filter).map(\.key) == keys)
    }
}
