public import CreditMeter
import Foundation
package import MeterTools

/// One load run end to end: open the accounts, release the workers (and the control task
/// or clock mover), print progress each second, stop, drain the events, audit.
public enum LoadRun {
    /// The manual clock's first day (fixed, so a seed reproduces the same periods).
    public static let startDay = CalendarDay(year: 2026, month: 1, day: 5)!
    /// The days of a `rollover` run's epochs: the clock moves from each to the next. Each
    /// step is at least as long as any period, so every account enters a new period at each
    /// one; the later days are month ends, where accounts anchored on the 28th to 31st
    /// start a clamped period (R5) on the very day (February 28, March 31, April 30).
    public static let rolloverDays = [startDay] + [(2, 28), (3, 31), (4, 30)].map {
        CalendarDay(year: 2026, month: $0.0, day: $0.1)!
    }

    /// The days of a workload's epochs: the first `periods` of ``rolloverDays``.
    /// - Parameter workload: the workload.
    /// - Returns: one day per epoch, the first being ``startDay``.
    public static func epochDays(of workload: Workload) -> [CalendarDay] {
        Array(rolloverDays.prefix(workload.periods))
    }

    /// Runs the load described by `config`.
    /// - Parameters:
    ///   - config: the run.
    ///   - corrupt: a hook that may change the shadow books before the audit (tests use it
    ///     to prove the audit can fail).
    ///   - progress: receives each progress line (nothing when `config.quiet`).
    /// - Returns: the measurements and the audit's verdict.
    /// - Throws: `MeterError` if the engine refuses to open an account;
    ///   `ThreadGang.StartFailure` if the OS refuses a worker thread (no debit is made then).
    public static func run(_ config: LoadGenConfig,
                           corrupt: @Sendable (inout ShadowBook, inout EventTally) -> Void = { _, _ in },
                           progress: @escaping @Sendable (String) -> Void) async throws -> RunResult {
        try await run(config, spawner: .posix, corrupt: corrupt, progress: progress)
    }

    /// ``run(_:corrupt:progress:)`` with the worker threads started by `spawner` (tests
    /// inject one that fails).
    package static func run(_ config: LoadGenConfig, spawner: ThreadGang.Spawner,
                            corrupt: @Sendable (inout ShadowBook, inout EventTally) -> Void = { _, _ in },
                            progress: @escaping @Sendable (String) -> Void) async throws -> RunResult {
        var rng = Xoshiro256(seed: config.seed)
        let plans = AccountMix.plans(count: config.accounts, using: &rng)
        let engine = try await MeterUnderLoad(plans: plans, startDay: startDay,
                                              eventBuffer: max(1 << 16, config.accounts * 16),
                                              usageRowBlocks: config.usageRowBlocks)
        let context = LoadContext(engine: engine, config: config)
        let sentinel = UInt64(config.accounts + 1)
        let stream = engine.events()
        let consumer = Task { () -> (EventTally, Bool) in
            var tally = EventTally()
            for await event in stream {
                if event.account.rawValue == sentinel { return (tally, true) }
                tally.count(event, accountCount: config.accounts)
            }
            return (tally, false)
        }

        let before = ProcessStats.current()
        let workers = Task { await runWorkers(context, spawner: spawner) }
        let start: UInt64
        do {
            start = try await context.waitForRelease()
        } catch {
            consumer.cancel()
            throw error
        }
        let control = Task { () -> (log: ControlLog, probes: ShadowBook?) in
            guard config.workload.runsControlOperations else { return (ControlLog(), nil) }
            var plane = ControlPlane(context: context, seed: config.seed)
            let log = await plane.run(rate: config.controlRate, until: context.stop)
            return (log, plane.book)
        }
        var reporter = ProgressReporter(context: context, start: start, progress: config.quiet ? nil : progress)
        await report(context, into: &reporter)
        context.stop.stop()
        var states = await workers.value
        let wall = Double(MonotonicClock.nanoseconds(since: start)) / 1e9
        reporter.sample()  // every worker published its final figures when it stopped
        let (controlLog, probeBook) = await control.value
        let after = ProcessStats.current()

        _ = try await engine.sendSentinel(id: sentinel)
        let watchdog = Task {
            try await Task.sleep(nanoseconds: 10_000_000_000)
            consumer.cancel()
        }
        var (tally, complete) = await consumer.value
        watchdog.cancel()

        var total = states.removeFirst()
        for state in states { total.merge(state) }
        if let probeBook { total.book.merge(probeBook) }
        let days = epochDays(of: config.workload)
        let facts = (0..<config.accounts).map { engine.facts(of: $0, days: days) }
        corrupt(&total.book, &tally)
        let audit = ExactnessAudit(
            plans: plans, included: engine.included, epochDays: days, book: total.book, control: controlLog,
            events: tally, droppedEvents: engine.droppedEvents, eventsComplete: complete, facts: facts,
            engineSelfAudit: engine.selfAudit(), usageRowsRanOut: engine.usageRowsRanOut
        ).run()

        return RunResult(
            config: config, wallSeconds: wall, accepted: total.accepted,
            refused: Dictionary(uniqueKeysWithValues: Refusal.allCases.map { ($0.description, total.refused[Int($0.rawValue)]) }),
            latency: total.latency,
            cpuNanoseconds: after.totalCPUNanoseconds &- before.totalCPUNanoseconds,
            peakResidentBytes: after.peakResidentBytes,
            eventsByKind: tally.byKind, droppedEvents: engine.droppedEvents,
            controlSent: controlLog.sent, controlRefused: controlLog.refused, controlProbes: controlLog.probes,
            accountsByKind: Dictionary(grouping: plans, by: \.kind.rawValue).mapValues(\.count),
            days: days.map(\.description), timeline: reporter.samples, audit: audit)
    }

    /// Runs the workers: a gang of OS threads for the synchronous APIs (on a thread of its
    /// own, so no cooperative thread blocks), a task group for the actor API.
    /// When the OS refuses a thread, no worker runs: the failure is left in the context
    /// (``LoadContext/startFailure``) for the run to report, and the result is empty.
    static func runWorkers(_ context: LoadContext, spawner: ThreadGang.Spawner) async -> [WorkerState] {
        let threads = context.config.threads
        if context.config.api == .actor {
            return await withTaskGroup(of: (Int, WorkerState).self) { group in
                for index in 0..<threads {
                    group.addTask { (index, await LoadWorker.runTask(index: index, context: context)) }
                }
                var states: [(Int, WorkerState)] = []
                for await state in group { states.append(state) }
                return states.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
        do {
            return try await ThreadGang.runOffPool(threadCount: threads, name: "loadgen", spawner: spawner) { index in
                LoadWorker.runThread(index: index, context: context)
            }.results
        } catch {
            context.startFailure.withLock { $0 = error }
            return []
        }
    }

    /// Ticks every second until the duration is over: moves the clock at the `rollover`
    /// boundaries, collects the workers' figures and prints a progress line. The last line
    /// is taken by the caller once the workers have stopped.
    static func report(_ context: LoadContext, into reporter: inout ProgressReporter) async {
        let config = context.config
        let start = reporter.start
        let end = start &+ UInt64(config.duration * 1e9)
        let periods = config.workload.periods
        var moves = (1..<periods).map { start &+ UInt64(config.duration * 1e9 * Double($0) / Double(periods)) }
        let days = epochDays(of: config.workload)
        var epoch = 0
        var nextTick = start &+ 1_000_000_000
        while true {
            let target = min(nextTick, end, moves.first ?? .max)
            let now = MonotonicClock.now()
            if target > now { try? await Task.sleep(nanoseconds: target - now) }
            if let move = moves.first, MonotonicClock.now() >= move {
                moves.removeFirst()
                let step = Int(days[epoch + 1].daysSinceEpoch - days[epoch].daysSinceEpoch)
                epoch += 1
                await context.gate.advance { context.engine.advanceClock(days: step) }
                continue
            }
            if MonotonicClock.now() >= end { return }
            context.tick.advance()
            try? await Task.sleep(nanoseconds: 20_000_000)
            reporter.sample()
            nextTick &+= 1_000_000_000
        }
    }
}
