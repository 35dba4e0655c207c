import MeterTools

/// Runs cases one after another: untimed set-up, warm-ups, measured samples, untimed
/// finish, and the case's CPU time and peak resident memory.
///
/// A case with a ceiling is measured *paired*: its ceiling is set up beside it and each of
/// its samples directly follows one ceiling sample, so the ratio of each pair sees the same
/// machine. On a shared box whose speed drifts by 2x within a minute, the median of paired
/// ratios is stable where a ratio of two medians taken a minute apart is not.
struct Runner {
    /// Sample counts and durations.
    let options: BenchmarkOptions

    /// Runs one case.
    /// - Parameters:
    ///   - benchmark: the case.
    ///   - ceiling: the case it is divided by, at the same thread count, if any.
    /// - Returns: its result, with the median paired ratio when it has a ceiling.
    /// - Throws: when set-up fails or the totals of the case (or its ceiling) do not match.
    func run(_ benchmark: BenchmarkCase, pairedWith ceiling: BenchmarkCase?) async throws(BenchmarkFailure) -> CaseResult {
        let config = CaseConfig(threads: benchmark.threads, scaleDivisor: options.scaleDivisor,
                                seed: options.seed)
        let bound = try await ceiling?.prepare(config)
        // Resetting the peak only lowers it to what is resident now: return the pages that
        // earlier cases freed first, or their heap counts in this case's peak (found by a
        // review: the one-account hot case showed 277 MiB after the zipf case, 56 alone).
        HeapTrim.returnFreePages()
        PeakResident.reset()
        var cpu = CPUStopwatch()
        let prepared = try await cpu.measure { () async throws(BenchmarkFailure) in try await benchmark.prepare(config) }
        let (warmups, samples) = switch benchmark.shape {
        case .fixedDuration: (options.warmups, options.samples)
        case let .fixedWork(most): (0, min(options.samples, most))
        }
        var throughputs: [Double] = []
        var costs: [Double] = []
        var ratios: [Double] = []
        var ceilingRates: [Double] = []
        for sample in 0..<(warmups + samples) {
            var boundRate: Double?
            if let bound { boundRate = try await self.sample(bound, benchmark, sample).opsPerSecond }
            let measured = try await cpu.measure { () async throws(BenchmarkFailure) in
                try await self.sample(prepared, benchmark, sample)
            }
            guard sample >= warmups else { continue }
            throughputs.append(measured.opsPerSecond)
            costs.append(measured.nanosecondsPerOperation)
            if let boundRate, boundRate > 0 {
                ratios.append(measured.opsPerSecond / boundRate)
                ceilingRates.append(boundRate)
            }
        }
        let outcome = await cpu.measure { await prepared.finish() }
        let peak = ProcessStats.current().peakResidentBytes ?? 0
        if let mismatch = outcome.mismatch {
            throw .totalsMismatch(case: benchmark.key, detail: mismatch)
        }
        if let bound, let ceiling, let mismatch = await bound.finish().mismatch {
            throw .totalsMismatch(case: ceiling.key + " (paired)", detail: mismatch)
        }
        guard let opsPerSec = SamplePercentiles(throughputs), let nsPerOp = SamplePercentiles(costs) else {
            preconditionFailure("a case always has at least one measured sample")
        }
        let ratioSpread = SamplePercentiles(ratios)
        return CaseResult(
            name: benchmark.name, threads: benchmark.threads, samples: samples,
            opsPerSec: opsPerSec, nsPerOp: nsPerOp, ceiling: benchmark.ceiling,
            ratioToCeiling: ratioSpread?.p50, ratioSpread: ratioSpread,
            pairedCeilingOpsPerSec: SamplePercentiles(ceilingRates),
            cpuSeconds: Double(cpu.nanoseconds) / 1e9, peakResidentBytes: peak,
            counters: outcome.counters, figures: outcome.figures)
    }

    /// Prepares and runs one sample of a prepared case.
    /// - Parameters:
    ///   - prepared: the case's state.
    ///   - benchmark: the case's shape and threads.
    ///   - sample: the sample index, warm-ups first.
    /// - Returns: the sample's throughput and thread time per operation.
    private func sample(_ prepared: any PreparedCase, _ benchmark: BenchmarkCase,
                        _ sample: Int) async throws(BenchmarkFailure) -> SampleFigures {
        try await prepared.beforeSample(sample)
        let duration: UInt64 = benchmark.shape == .fixedDuration
            ? UInt64(options.sampleMilliseconds) * 1_000_000 : .max
        let (operations, nanoseconds) = try await measure(prepared.loop, threads: benchmark.threads,
                                                          sample: sample, duration: duration, case: benchmark.key)
        return SampleFigures(operations: operations, nanoseconds: nanoseconds, threads: benchmark.threads)
    }

    /// Runs one sample of a loop on all workers.
    /// - Returns: operations of all workers, and nanoseconds from release to the last return.
    /// Each worker's deadline starts when the worker does (after the barrier), so slow
    /// thread creation on a busy machine cannot eat a short sample.
    /// - Throws: ``BenchmarkFailure/threadsRefused(case:failure:)`` when the OS refuses a thread.
    private func measure(_ loop: MeasuredLoop, threads: Int, sample: Int, duration: UInt64,
                         case key: String) async throws(BenchmarkFailure) -> (operations: Int, nanoseconds: UInt64) {
        @Sendable func context(_ worker: Int) -> SampleContext {
            SampleContext(worker: worker, workers: threads, sample: sample,
                          deadline: .after(nanoseconds: duration))
        }
        switch loop {
        case let .threads(body):
            // Off the cooperative pool (found by a review: `run` blocked one of its threads,
            // which `ThreadGang`'s own documentation rules out). The gang's wall time runs
            // from its release to the last worker's return, so the hop costs no sample time.
            do {
                let outcome = try await ThreadGang.runOffPool(threadCount: threads, name: "bench") { body(context($0)) }
                return (outcome.results.reduce(0, +), outcome.wallNanoseconds)
            } catch {
                throw .threadsRefused(case: key, failure: error)
            }
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
