/// Committed ratios to the same-run ceilings, per case key. Ratios, never absolute times:
/// a ratio measured on one run survives a slower or busier machine.
struct Baseline: Sendable, Codable {
    /// Where the baseline was measured.
    var machine: MachineInfo
    /// Ratio to ceiling by `name@threads`.
    var ratios: [String: Double]

    /// One case whose ratio fell below the baseline by more than the tolerance.
    struct Regression: Sendable, CustomStringConvertible {
        /// The case key.
        var key: String
        /// The committed ratio.
        var baseline: Double
        /// This run's ratio.
        var current: Double

        /// How much lower, as a fraction of the baseline.
        var drop: Double { (baseline - current) / baseline }

        /// A one-line explanation.
        var description: String {
            "\(key): ratio \(Format.fixed(current, 3)) vs baseline \(Format.fixed(baseline, 3)) "
                + "(\(Format.fixed(drop * 100, 1)) % lower)"
        }
    }

    /// The baseline of a run: every case that has a ratio.
    /// - Parameter report: the run.
    init(report: RunReport) {
        machine = report.machine
        var ratios: [String: Double] = [:]
        for result in report.cases {
            if let ratio = result.ratioToCeiling { ratios[result.key] = ratio }
        }
        self.ratios = ratios
    }

    /// Reads a baseline file.
    /// - Parameter path: the JSON file.
    /// - Returns: the baseline.
    static func load(path: String) throws -> Baseline {
        guard let text = TextFile.read(path) else {
            throw ReportFileError(path: path, reading: true)
        }
        return try JSONText.decode(Baseline.self, from: text)
    }

    /// The baseline as JSON text, snake_case keys, sorted.
    /// - Returns: UTF-8 JSON text.
    func json() throws -> String { try JSONText.encode(self) }

    /// The cases of `report` whose ratio is lower than the baseline's by more than
    /// `tolerance`; cases missing on either side are not compared.
    /// - Parameters:
    ///   - report: this run.
    ///   - tolerance: the allowed relative drop, e.g. 0.15.
    /// - Returns: the regressions, in run order.
    func regressions(in report: RunReport, tolerance: Double) -> [Regression] {
        comparable(in: report).compactMap { result, committed in
            guard let current = result.ratioToCeiling, current < committed * (1 - tolerance) else { return nil }
            return Regression(key: result.key, baseline: committed, current: current)
        }
    }

    /// The cases of `report` that have a ratio and a positive baseline ratio under the same
    /// key (name and thread count), with that baseline ratio. A `--check` that finds none
    /// compared nothing, and fails rather than pass (found by a review: a run at another
    /// thread count printed "no ratio regressed" and exited 0).
    /// - Parameter report: this run.
    /// - Returns: the comparable cases, in run order.
    func comparable(in report: RunReport) -> [(result: CaseResult, baseline: Double)] {
        report.cases.compactMap { result in
            guard result.ratioToCeiling != nil, let committed = ratios[result.key], committed > 0 else { return nil }
            return (result, committed)
        }
    }

}
