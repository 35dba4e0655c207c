@testable import benchmarks
import Testing

/// The report table shows, for each paired case, how fast its ceiling ran beside it.
struct ReportTableTests {
    @Test("the paired ceiling's median throughput has its own column; a case without a ceiling shows -")
    func pairedCeilingColumn() throws {
        let report = RunReport(machine: ReportFixtures.machine, cases: [
            ReportFixtures.result("engine/a", ratio: 0.5, ceilingOpsPerSec: 190e6),
            ReportFixtures.result("engine/b", ratio: nil),
        ])
        let table = ReportTable(report)
        let column = try #require(ReportTable.titles.firstIndex(of: "vs Mops/s"))
        #expect(table.rows.map { $0[column] } == ["190", "-"])
        #expect(table.rows.allSatisfy { $0.count == ReportTable.titles.count })
        #expect(table.markdown.contains("| x | 190 |"))
    }

    @Test("the JSON report carries the paired ceiling's throughput, and null without one")
    func pairedCeilingInJSON() throws {
        let json = try JSONText.encode(RunReport(machine: ReportFixtures.machine, cases: [
            ReportFixtures.result("engine/a", ratio: 0.5, ceilingOpsPerSec: 190e6),
            ReportFixtures.result("engine/b", ratio: nil),
        ]))
        #expect(json.contains("\"paired_ceiling_ops_per_sec\" : null"))
        let decoded = try JSONText.decode(RunReport.self, from: json)
        #expect(decoded.cases.map { $0.pairedCeilingOpsPerSec?.p50 } == [190e6, nil])
    }

    @Test("a ratio goal's verdict says how fast the paired ceiling ran")
    func verdictNamesTheCeilingSpeed() {
        let report = RunReport(machine: ReportFixtures.machine, cases: [
            ReportFixtures.result("engine/a", ratio: 0.45, ceilingOpsPerSec: 330e6),
        ])
        let goal = Goal(title: "a >= 0.5x", name: "engine/a", threads: 2, target: .ratioAtLeast(0.5))
        #expect(goal.verdict(in: report) == "MISSED a >= 0.5x: 0.450 (engine/a@2, ceiling at 330 Mops/s)")
        let other = Goal(title: "b", name: "engine/b", threads: 2, target: .ratioAtLeast(0.5))
        #expect(other.verdict(in: report) == nil)
    }
}
