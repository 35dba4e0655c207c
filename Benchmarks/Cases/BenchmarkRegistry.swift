/// Every case the harness knows, at 1 thread and at the largest thread count.
enum BenchmarkRegistry {
    /// The registered cases, ceilings first so they run before what they bound.
    /// - Parameter options: the thread count and whether big cases are wanted.
    /// - Returns: the cases in run order.
    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        let threadCounts = options.maxThreads == 1 ? [1] : [1, options.maxThreads]
        var cases: [BenchmarkCase] = []
        for threads in threadCounts {
            cases += CeilingCases.all(threads: threads)
            cases += PeerCases.all(threads: threads)
            cases += EngineDebitCases.all(threads: threads)
            cases += EngineActorCases.all(threads: threads)
            cases += EngineEventCases.all(threads: threads)
            cases += EngineFootprintCases.all(threads: threads, big: options.big)
        }
        return cases
    }
}
