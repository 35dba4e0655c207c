import MeterTools

/// Runs cases one after another: untimed set-up, warm-ups, measured samples, untimed
/// finish, and the case's CPU time and peak resident memory around all of it.
struct Runner {
    /// Sample counts and durations.
    let options: BenchmarkOptions

    /// Runs one case.
    /// - Parameter benchmark: the case.
    /// - Returns: its result, without a ratio (that needs the other cases).
    /// - Throws: when set-up fails or the case's totals do not match the system's.
    func run(_ benchmark: BenchmarkCase) async throws(BenchmarkFailure) -> CaseResult {
        let config = CaseConfig(threads: benchmark.threads, scaleDivisor: options.scaleDivisor,
                                seed: options.seed)
        PeakResident.reset()
        let before = ProcessStats.current()
        let prepared = try await benchmark.prepare(config)
        let (warmups, samples) = switch benchmark.shape {
        case .fixedDuration: (options.warmups, options.samples)
        case let .fixedWork(most): (0, min(options.samples, most))
        }
        var throughputs: [Double] = []
        var costs: [Double] = []
        for sample in 0..<(warmups + samples) {
            try await prepared.beforeSample(sample)
            let duration: UInt64 = benchmark.shape == .fixedDuration
                ? UInt64(options.sampleMilliseconds) * 1_000_000 : .max
            let (operations, nanoseconds) = await measure(prepared.loop, threads: benchmark.threads,
                                                          sample: sample, duration: duration)
            guard sample >= warmups else { continue }
            let seconds = Double(max(nanoseconds, 1)) / 1e9
            throughputs.append(Double(operations) / seconds)
            costs.append(Double(nanoseconds) * Double(benchmark.threads) / Double(max(operations, 1)))
        }
        let outcome = await prepared.finish()
        let after = ProcessStats.current()
        if let mismatch = outcome.mismatch {
            throw .totalsMismatch(case: benchmark.key, detail: mismatch)
        }
        guard let opsPerSec = SamplePercentiles(throughputs), let nsPerOp = SamplePercentiles(costs) else {
            preconditionFailure("a case always has at least one measured sample")
        }
        return CaseResult(
            name: benchmark.name, threads: benchmark.threads, samples: samples,
            opsPerSec: opsPerSec, nsPerOp: nsPerOp, ceiling: benchmark.ceiling, ratioToCeiling: nil,
            cpuSeconds: Double(after.totalCPUNanoseconds &- before.totalCPUNanoseconds) / 1e9,
            peakResidentBytes: after.peakResidentBytes ?? 0,
            counters: outcome.counters, figures: outcome.figures)
    }

    /// Runs one sample of a loop on all workers.
    /// - Returns: operations of all workers, and nanoseconds from release to the last return.
    /// Each worker's deadline starts when the worker does (after the barrier), so slow
    /// thread creation on a busy machine cannot eat a short sample.
    private func measure(_ loop: MeasuredLoop, threads: Int, sample: Int,
                         duration: UInt64) async -> (operations: Int, nanoseconds: UInt64) {
        @Sendable func context(_ worker: Int) -> SampleContext {
            SampleContext(worker: worker, workers: threads, sample: sample,
                          deadline: .after(nanoseconds: duration))
        }
        switch loop {
        case let .threads(body):
            // Blocks this (main) thread until the gang is done: nothing else needs it.
            let outcome = ThreadGang.run(threadCount: threads, name: "bench") { body(context($0)) }
            return (outcome.results.reduce(0, +), outcome.wallNanoseconds)
        case let .tasks(body):
            let start = MonotonicClock.now()
            let operations = await withTaskGroup(of: Int.self) { group in
                for worker in 0..<threads { group.addTask { await body(context(worker)) } }
                return await group.reduce(0, +)
            }
            return (operations, MonotonicClock.nanoseconds(since: start))
        }
    }
}
