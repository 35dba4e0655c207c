/// What one sample measured, and the two figures reports derive from it.
struct SampleFigures: Sendable {
    /// Operations of all workers.
    let operations: Int
    /// Nanoseconds from the release of the workers to the last one's return.
    let nanoseconds: UInt64
    /// Workers that ran.
    let threads: Int

    /// Operations per second of all workers together.
    var opsPerSecond: Double { Double(operations) / (Double(max(nanoseconds, 1)) / 1e9) }

    /// Thread time per operation: duration × threads / operations.
    var nanosecondsPerOperation: Double {
        Double(nanoseconds) * Double(threads) / Double(max(operations, 1))
    }
}
