/// A case after its untimed set-up: immutable state shared by all workers.
protocol PreparedCase: Sendable {
    /// The timed loop.
    var loop: MeasuredLoop { get }

    /// Untimed work before sample `sample` (moving a clock, fresh state). Default: none.
    /// - Parameter sample: the sample's index, warm-ups first.
    func beforeSample(_ sample: Int) async throws(BenchmarkFailure)

    /// Untimed work after the last sample: counters and the check of totals.
    /// - Returns: the counters and any mismatch between counted and recorded totals.
    func finish() async -> CaseOutcome
}

extension PreparedCase {
    /// No per-sample preparation.
    func beforeSample(_ sample: Int) async throws(BenchmarkFailure) {}
}
