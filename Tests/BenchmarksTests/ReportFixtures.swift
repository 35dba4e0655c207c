@testable import benchmarks
import MeterTools

/// Results and machines for the report tests (the harness's own figures are irrelevant).
enum ReportFixtures {
    /// A result with a given ratio and, optionally, the median of its paired ceiling samples.
    /// - Parameters:
    ///   - name: the case name.
    ///   - threads: its thread count.
    ///   - ratio: its paired ratio; `nil` for a case without a ceiling.
    ///   - ceilingOpsPerSec: the paired ceiling's throughput, if it had one.
    /// - Returns: the result.
    static func result(_ name: String, threads: Int = 2, ratio: Double?, ceilingOpsPerSec: Double? = nil) -> CaseResult {
        let spread = SamplePercentiles([1])!
        return CaseResult(name: name, threads: threads, samples: 1, opsPerSec: spread, nsPerOp: spread,
                          ceiling: ratio == nil ? nil : "ceiling/x", ratioToCeiling: ratio, ratioSpread: nil,
                          pairedCeilingOpsPerSec: ceilingOpsPerSec.flatMap { SamplePercentiles([$0]) },
                          cpuSeconds: 0, peakResidentBytes: 0, counters: [:], figures: [:])
    }

    /// A machine description for reports built in tests.
    static var machine: MachineInfo {
        MachineInfo(cpus: 2, cpuModel: "test", memoryBytes: 0, kernel: "test", build: "debug",
                    loadAverage: 0, date: "2026-01-01T00:00:00Z", command: "test")
    }
}
