import MeterTools

/// Adds up the process CPU time (user + system, `getrusage`) spent inside chosen phases,
/// so a case's CPU figure leaves out the paired ceiling's samples.
struct CPUStopwatch {
    /// CPU nanoseconds measured so far.
    private(set) var nanoseconds: UInt64 = 0

    /// Runs `phase` and adds the CPU time the process spent meanwhile.
    /// - Parameter phase: the work to time.
    /// - Returns: what `phase` returned.
    mutating func measure<Value>(_ phase: () async throws(BenchmarkFailure) -> Value) async throws(BenchmarkFailure) -> Value {
        let before = ProcessStats.current().totalCPUNanoseconds
        let value = try await phase()
        nanoseconds &+= ProcessStats.current().totalCPUNanoseconds &- before
        return value
    }

    /// Runs a phase that cannot fail and adds the CPU time the process spent meanwhile.
    /// - Parameter phase: the work to time.
    /// - Returns: what `phase` returned.
    mutating func measure<Value>(_ phase: () async -> Value) async -> Value {
        let before = ProcessStats.current().totalCPUNanoseconds
        let value = await phase()
        nanoseconds &+= ProcessStats.current().totalCPUNanoseconds &- before
        return value
    }
}
