@testable import benchmarks
import MeterTools
import Testing

/// The baseline gate compares ratios only, and fails only beyond the tolerance.
struct BaselineTests {
    private func result(_ name: String, threads: Int = 2, ratio: Double?) -> CaseResult {
        ReportFixtures.result(name, threads: threads, ratio: ratio)
    }

    private var machine: MachineInfo { ReportFixtures.machine }

    @Test("a drop beyond the tolerance is a regression, within it is not", arguments: [
        (0.50, 0.43, false), (0.50, 0.42, true), (0.50, 0.60, false), (0.50, 0.425, false),
    ])
    func tolerance(committed: Double, current: Double, regressed: Bool) {
        let base = Baseline(report: RunReport(machine: machine, cases: [result("engine/a", ratio: committed)]))
        let now = RunReport(machine: machine, cases: [result("engine/a", ratio: current)])
        #expect(!base.regressions(in: now, tolerance: 0.15).isEmpty == regressed)
    }

    @Test func casesWithoutRatiosOrMissingFromTheBaselineAreNotCompared() {
        let base = Baseline(report: RunReport(machine: machine, cases: [
            result("engine/a", ratio: 0.5), result("engine/b", ratio: nil),
        ]))
        #expect(base.ratios.keys.sorted() == ["engine/a@2"])
        let now = RunReport(machine: machine, cases: [
            result("engine/a", threads: 1, ratio: 0.1), result("engine/c", ratio: 0.1), result("engine/b", ratio: nil),
        ])
        #expect(base.regressions(in: now, tolerance: 0.15).isEmpty)
        // Nothing comparable: `--check` fails on that rather than pass.
        #expect(base.comparable(in: now).isEmpty)
        let same = RunReport(machine: machine, cases: [result("engine/a", ratio: 0.1)])
        #expect(base.comparable(in: same).map(\.result.key) == ["engine/a@2"])
    }

    @Test func baselineRoundTripsThroughItsJSON() throws {
        let base = Baseline(report: RunReport(machine: machine, cases: [result("engine/a", ratio: 0.25)]))
        let decoded = try JSONText.decode(Baseline.self, from: try base.json())
        #expect(decoded.ratios == base.ratios)
        #expect(decoded.machine.loadAverage == 0)
    }
}
