import Foundation
import MeterTools

extension RunResult {
    /// One self-contained HTML page (inline SVG and CSS, no external assets): throughput over
    /// time, the latency histogram, refusals by reason, the summary and the audit verdict.
    /// - Parameter date: when the run happened.
    /// - Returns: the page.
    public func html(date: String) -> String {
        let verdict = audit.passed ? "PASS" : "FAIL"
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>loadgen \(config.workload.rawValue) \(date)</title>
        <style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}h2{margin-top:1.5em}
        pre{background:#f4f4f4;padding:1em;overflow-x:auto}.pass{color:#070}.fail{color:#b00}
        svg text{font:11px system-ui,sans-serif}</style></head><body>
        <h1>loadgen: \(config.workload.rawValue) workload, <span class="\(verdict.lowercased())">audit \(verdict)</span></h1>
        <p>Run of \(Self.escape(date)).</p>
        <h2>Throughput over time (debits/s)</h2>
        \(throughputChart())
        <h2>Latency histogram (count per bucket, log time axis)</h2>
        \(latencyChart())
        <h2>Refusals by reason</h2>
        \(refusalChart())
        <h2>Summary</h2>
        <pre>\(Self.escape(summary))</pre>
        </body></html>

        """
    }

    static let width = 720.0
    static let height = 240.0
    static let margin = 60.0

    func throughputChart() -> String {
        let points = timeline.map { ($0.elapsed, $0.debitsPerSecond) }
        guard !points.isEmpty else { return "<p>No samples.</p>" }
        let maxX = max(points.map(\.0).max() ?? 0, 0.001), maxY = max(points.map(\.1).max() ?? 0, 1)
        let plotW = Self.width - 2 * Self.margin, plotH = Self.height - 2 * Self.margin
        let path = points.map { x, y in
            "\(Figures.fixed(Self.margin + x / maxX * plotW, 1)),\(Figures.fixed(Self.height - Self.margin - y / maxY * plotH, 1))"
        }.joined(separator: " ")
        return Self.frame(
            "<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"\(path)\"/>"
                + Self.label(Self.margin - 6, Self.margin, Figures.count(UInt64(maxY)), anchor: "end")
                + Self.label(Self.margin - 6, Self.height - Self.margin, "0", anchor: "end")
                + Self.label(Self.width - Self.margin, Self.height - Self.margin + 16, Figures.fixed(maxX, 1) + " s", anchor: "end"))
    }

    func latencyChart() -> String {
        let buckets = latency.nonEmptyBuckets()
        guard let first = buckets.first, let last = buckets.last else { return "<p>No debits.</p>" }
        // Regroup the log-linear buckets into 60 equal steps of log10(ns) so bars stay readable.
        let low = log10(Double(max(first.lowerBound, 1))), high = max(log10(Double(max(last.upperBound, 1))), low + 1)
        let bins = 60
        var counts = [UInt64](repeating: 0, count: bins)
        for bucket in buckets {
            let x = (log10(Double(max(bucket.lowerBound, 1))) - low) / (high - low)
            counts[min(bins - 1, max(0, Int(x * Double(bins))))] += bucket.count
        }
        let peak = Double(counts.max() ?? 1)
        let plotW = Self.width - 2 * Self.margin, plotH = Self.height - 2 * Self.margin
        let barW = plotW / Double(bins)
        var bars = ""
        for (i, count) in counts.enumerated() where count > 0 {
            let h = Double(count) / peak * plotH
            bars += "<rect x=\"\(Figures.fixed(Self.margin + Double(i) * barW, 1))\" y=\"\(Figures.fixed(Self.height - Self.margin - h, 1))\" "
                + "width=\"\(Figures.fixed(barW - 1, 1))\" height=\"\(Figures.fixed(h, 1))\" fill=\"#2e7d32\"><title>\(count)</title></rect>"
        }
        let ns = { (v: Double) in Figures.duration(UInt64(pow(10, v))) }
        return Self.frame(bars
            + Self.label(Self.margin, Self.height - Self.margin + 16, ns(low), anchor: "start")
            + Self.label(Self.width - Self.margin, Self.height - Self.margin + 16, ns(high), anchor: "end")
            + Self.label(Self.margin - 6, Self.margin, Figures.count(UInt64(peak)), anchor: "end"))
    }

    func refusalChart() -> String {
        let rows = refused.sorted { $0.key < $1.key }
        let peak = Double(max(rows.map(\.value).max() ?? 1, 1))
        let rowH = 22.0
        let left = 160.0
        var body = ""
        for (i, row) in rows.enumerated() {
            let y = 10 + Double(i) * rowH
            let w = Double(row.value) / peak * (Self.width - left - 120)
            body += Self.label(left - 6, y + 14, row.key, anchor: "end")
                + "<rect x=\"\(left)\" y=\"\(Figures.fixed(y, 1))\" width=\"\(Figures.fixed(w, 1))\" height=\"16\" fill=\"#c62828\"/>"
                + Self.label(left + w + 6, y + 13, Figures.count(row.value), anchor: "start")
        }
        let h = 20 + Double(rows.count) * rowH
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(h))\">\(body)</svg>"
    }

    static func frame(_ content: String) -> String {
        let axes = "<line x1=\"\(margin)\" y1=\"\(height - margin)\" x2=\"\(width - margin)\" y2=\"\(height - margin)\" stroke=\"#444\"/>"
            + "<line x1=\"\(margin)\" y1=\"\(margin)\" x2=\"\(margin)\" y2=\"\(height - margin)\" stroke=\"#444\"/>"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\">\(axes)\(content)</svg>"
    }

    static func label(_ x: Double, _ y: Double, _ text: String, anchor: String) -> String {
        "<text x=\"\(Figures.fixed(x, 1))\" y=\"\(Figures.fixed(y, 1))\" text-anchor=\"\(anchor)\">\(escape(text))</text>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
