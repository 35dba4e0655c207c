/// Renders a run as a readable fixed-width table or as a Markdown table.
struct ReportTable {
    /// Column titles.
    static let titles = ["case", "thr", "Mops/s p50", "p0", "p100", "ns/op p50", "ns/op p99",
                         "ratio", "ratio p0..p100", "vs", "vs Mops/s", "CPU s", "HWM MiB", "notes"]
    /// Which columns hold numbers (right-aligned).
    static let numeric: Set<Int> = [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]

    /// One row of cells per case.
    let rows: [[String]]

    /// Builds the cells of a run.
    /// - Parameter report: the run.
    init(_ report: RunReport) {
        rows = report.cases.map(ReportTable.cells)
    }

    /// The cells of one result.
    private static func cells(_ result: CaseResult) -> [String] {
        [
            result.name, String(result.threads),
            Format.mops(result.opsPerSec.p50), Format.mops(result.opsPerSec.p0),
            Format.mops(result.opsPerSec.p100),
            Format.fixed(result.nsPerOp.p50, 1), Format.fixed(result.nsPerOp.p99, 1),
            result.ratioToCeiling.map { Format.fixed($0, 3) } ?? "-",
            result.ratioSpread.map { Format.fixed($0.p0, 2) + ".." + Format.fixed($0.p100, 2) } ?? "-",
            result.ceiling.map(shortName) ?? "-",
            result.pairedCeilingOpsPerSec.map { Format.mops($0.p50) } ?? "-",
            Format.fixed(result.cpuSeconds, 2),
            Format.fixed(Double(result.peakResidentBytes) / 1_048_576, 0),
            notes(result),
        ]
    }

    /// The ceiling's name without its family prefix.
    private static func shortName(_ name: String) -> String {
        String(name.split(separator: "/").last ?? Substring(name))
    }

    /// Counters and figures worth reading: everything but the accepted totals, and zeros.
    private static func notes(_ result: CaseResult) -> String {
        let figures = result.figures.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Format.fixed($0.value, 1))" }
        let counters = result.counters.sorted { $0.key < $1.key }
            .filter { $0.key != "accepted" && $0.key != "credits" && $0.value != 0 }
            .map { "\($0.key)=\($0.value)" }
        return (figures + counters).joined(separator: " ")
    }

    /// The table with aligned columns, for a terminal.
    var text: String {
        var widths = ReportTable.titles.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                Format.pad(cell, widths[column], right: ReportTable.numeric.contains(column))
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([line(ReportTable.titles), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// The table as GitHub Markdown.
    var markdown: String {
        let header = "| " + ReportTable.titles.joined(separator: " | ") + " |"
        let align = "|" + ReportTable.titles.indices.map {
            ReportTable.numeric.contains($0) ? "---:|" : "---|"
        }.joined()
        let body = rows.map { "| " + $0.joined(separator: " | ") + " |" }
        return ([header, align] + body).joined(separator: "\n") + "\n"
    }
}
