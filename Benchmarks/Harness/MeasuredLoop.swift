/// The timed part of a benchmark: run on every worker at once, it returns how many
/// operations it completed.
enum MeasuredLoop: Sendable {
    /// Runs on OS threads released together at a barrier (synchronous engine paths).
    case threads(@Sendable (SampleContext) -> Int)
    /// Runs as child tasks of one task group (paths that `await`, such as actor hops).
    case tasks(@Sendable (SampleContext) async -> Int)
}
