/// Which registered cases a run measures: those matching the filter, plus the ceilings
/// they are paired with (shown as rows of their own), in registry order.
enum CaseSelection {
    /// Applies the filter.
    /// - Parameters:
    ///   - all: every registered case.
    ///   - filter: substrings of `name@threads` separated by commas (a case matching any is
    ///     selected); empty selects everything.
    /// - Returns: the selected cases and the ceilings they are divided by.
    static func select(_ all: [BenchmarkCase], filter: String) -> [BenchmarkCase] {
        guard !filter.isEmpty else { return all }
        let wanted = filter.split(separator: ",").map(String.init)
        let chosen = all.filter { benchmark in wanted.contains { benchmark.key.contains($0) } }
        let needed = Set(chosen.map(\.key) + chosen.compactMap { chosen in
            chosen.ceiling.map { BenchmarkCase.key($0, chosen.threads) }
        })
        return all.filter { needed.contains($0.key) }
    }
}
