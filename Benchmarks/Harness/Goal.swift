/// A target a case should meet, read from one run's results: a ratio to its ceiling at
/// least some value, or a figure (bytes per account) at most some value.
struct Goal: Sendable {
    /// What is compared.
    enum Target: Sendable {
        /// `ratioToCeiling >= value`.
        case ratioAtLeast(Double)
        /// `figures[name] <= value`.
        case figureAtMost(String, Double)
    }

    /// One line for the report, e.g. `handle uniform ≥ 0.5× ceiling`.
    let title: String
    /// The case's name.
    let name: String
    /// The thread count the goal is stated at.
    let threads: Int
    /// The target.
    let target: Target

    /// The goal's verdict on a run, or `nil` when the case did not run.
    /// - Parameter report: the run.
    /// - Returns: e.g. `met   handle uniform ≥ 0.5× ceiling: 0.62 (engine/...@2, ceiling at
    ///   330 Mops/s)`: a ratio goal also says how fast the paired ceiling ran (the host's mode).
    func verdict(in report: RunReport) -> String? {
        guard let result = report.cases.first(where: { $0.name == name && $0.threads == threads }) else { return nil }
        let (value, met): (Double?, Bool) = switch target {
        case let .ratioAtLeast(least): (result.ratioToCeiling, (result.ratioToCeiling ?? 0) >= least)
        case let .figureAtMost(figure, most): (result.figures[figure], (result.figures[figure] ?? .infinity) <= most)
        }
        let shown = value.map { Format.fixed($0, 3) } ?? "n/a"
        let ceiling = result.pairedCeilingOpsPerSec.map { ", ceiling at \(Format.mops($0.p50)) Mops/s" } ?? ""
        return "\(met ? "met   " : "MISSED") \(title): \(shown) (\(result.key)\(ceiling))"
    }
}
