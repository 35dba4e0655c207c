/// Which registered cases a run measures: those matching the filter, plus the ceilings
/// their ratios need, in registry order.
enum CaseSelection {
    /// Applies the filter.
    /// - Parameters:
    ///   - all: every registered case.
    ///   - filter: a substring of `name@threads`; empty selects everything.
    /// - Returns: the selected cases and the ceilings they are divided by.
    static func select(_ all: [BenchmarkCase], filter: String) -> [BenchmarkCase] {
        guard !filter.isEmpty else { return all }
        let chosen = all.filter { $0.key.contains(filter) }
        let needed = Set(chosen.map(\.key) + chosen.compactMap { chosen in
            chosen.ceiling.map { BenchmarkCase.key($0, chosen.threads) }
        })
        return all.filter { needed.contains($0.key) }
    }

    /// Fills in every result's ratio to its ceiling's result at the same thread count.
    /// - Parameter results: the run's results.
    /// - Returns: the results with `ratioToCeiling` set where the ceiling ran.
    static func withRatios(_ results: [CaseResult]) -> [CaseResult] {
        var byKey: [String: CaseResult] = [:]
        for result in results { byKey[result.key] = result }
        return results.map { result in
            var result = result
            if let ceiling = result.ceiling,
               let bound = byKey[BenchmarkCase.key(ceiling, result.threads)], bound.opsPerSec.p50 > 0 {
                result.ratioToCeiling = result.opsPerSec.p50 / bound.opsPerSec.p50
            }
            return result
        }
    }
}
