extension RunResult {
    /// The end-of-run summary: throughput, accepted and refused by reason, latency
    /// percentiles, CPU, peak memory, events by kind, control operations, audit verdict.
    public var summary: String {
        let c = config
        let loop = c.rate.map { "open loop at \(Figures.count(UInt64($0))) debits/s" } ?? "closed loop"
        var lines = [
            "loadgen \(c.workload.rawValue) workload, \(c.api.rawValue) API\(c.api.isBatch ? " (batch \(c.batch))" : ""), "
                + "\(Figures.count(UInt64(c.accounts))) accounts, \(c.threads) threads, \(loop), \(Figures.fixed(c.duration, 1)) s, seed \(c.seed)",
            "accounts:   " + Self.list(accountsByKind.mapValues(UInt64.init)),
            "throughput: \(Figures.whole(throughputPerSecond)) debits/s (\(Figures.count(debits)) debits in \(Figures.fixed(wallSeconds, 2)) s)",
            "accepted:   \(Figures.count(accepted)) (\(Figures.fixed(debits > 0 ? 100 * Double(accepted) / Double(debits) : 0, 1)) %)",
            "refused:    " + Self.list(refused),
        ]
        if let s = latency.summary() {
            lines.append("latency:    p50 \(Figures.duration(s.p50))  p90 \(Figures.duration(s.p90))  p99 \(Figures.duration(s.p99))"
                + "  p99.9 \(Figures.duration(s.p999))  p99.99 \(Figures.duration(s.p9999))  max \(Figures.duration(s.max))")
        }
        lines.append("cpu:        \(Figures.fixed(Double(cpuNanoseconds) / 1e9, 2)) s (\(Figures.fixed(coresBusy, 2)) cores busy)"
            + "   peak memory: \(peakResidentBytes.map(Figures.mebibytes) ?? "unknown")")
        lines.append("events:     " + Self.list(eventsByKind.mapValues(UInt64.init)) + "; dropped \(droppedEvents)")
        if c.workload.runsControlOperations {
            let sent = controlSent.values.reduce(0, +)
            let refusedOps = controlRefused.values.reduce(0, +)
            lines.append("control:    \(Figures.count(UInt64(sent))) operations (" + Self.list(controlSent.mapValues(UInt64.init))
                + "); engine refused \(refusedOps)" + (refusedOps > 0 ? " (" + Self.list(controlRefused.mapValues(UInt64.init)) + ")" : "")
                + "; \(Figures.count(UInt64(controlProbes))) probe debits after pauses and resumes")
        }
        if days.count > 1 { lines.append("clock days: " + days.joined(separator: ", ")) }
        lines.append(audit.text)
        return lines.joined(separator: "\n")
    }

    /// `name count` pairs in name order, zero counts left out.
    static func list(_ counts: [String: UInt64]) -> String {
        let shown = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        return shown.isEmpty ? "none" : shown.map { "\($0.key) \(Figures.count($0.value))" }.joined(separator: ", ")
    }
}
