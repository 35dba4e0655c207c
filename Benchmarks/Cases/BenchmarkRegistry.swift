/// Every case the harness knows, at 1 thread and at the largest thread count.
enum BenchmarkRegistry {
    /// The registered cases: memory footprints first (on a fresh heap), then per thread
    /// count the ceilings before what they bound.
    /// - Parameter options: the thread count and whether big cases are wanted.
    /// - Returns: the cases in run order.
    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        let threadCounts = options.maxThreads == 1 ? [1] : [1, options.maxThreads]
        var cases = EngineFootprintCases.footprint(big: options.big)
        for threads in threadCounts {
            cases += CeilingCases.all(threads: threads)
            cases += PeerCases.all(threads: threads)
            cases += EngineDebitCases.all(threads: threads)
            cases += EngineActorCases.all(threads: threads)
            cases += EngineEventCases.all(threads: threads)
            cases.append(EngineFootprintCases.open(threads: threads))
        }
        return cases
    }
}
