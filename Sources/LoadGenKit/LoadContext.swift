import CreditMeter
import MeterTools
import Synchronization

/// What every worker of a run shares (all immutable or thread-safe).
public final class LoadContext: Sendable {
    /// The engine.
    let engine: MeterUnderLoad
    /// The workload model.
    let picker: DebitPicker
    /// The run's configuration.
    let config: LoadGenConfig
    /// Set when the duration is over.
    let stop = StopFlag()
    /// The reporter's tick.
    let tick = ProgressTick()
    /// One progress cell per worker.
    let cells: [ProgressCell]
    /// The epoch gate (every workload has one; only `rollover` ever closes it).
    let gate: EpochGate
    /// When the first worker started (0 until then): the run's clock starts there, so slow
    /// thread start-up on a busy machine does not eat into the duration.
    let released = Atomic<UInt64>(0)
    /// Why the workers never started, once the OS refused one of their threads.
    let startFailure = Mutex<ThreadGang.StartFailure?>(nil)
    /// Nanoseconds between two intended sends of one worker in open loop; 0 in closed loop.
    let gapNanoseconds: UInt64
    /// Whether workers leave the epoch gate while their pacer waits: in open loop on a
    /// workload that moves the clock (`rollover`), so that a move does not wait for a
    /// sleeping worker. Elsewhere the gate never closes, and leaving it would only add two
    /// shared atomic updates per debit.
    var pacedThroughGate: Bool { gapNanoseconds > 0 && config.workload.periods > 1 }

    /// Runs `wait` (a worker's pacer waits), then reads the epoch its next debit belongs to.
    /// With ``pacedThroughGate`` the worker is parked meanwhile, so a clock move does not
    /// wait for a sleeping worker (rollover at a low `--rate` held the run for whole gaps;
    /// found by a review).
    /// - Parameter wait: the waits, and what they yield.
    /// - Returns: what `wait` returned, and the epoch.
    func epoch<T>(afterWaiting wait: () -> T) -> (value: T, epoch: Int) {
        guard pacedThroughGate else {
            let value = wait()
            return (value, gate.epoch())
        }
        gate.leave()
        let value = wait()
        return (value, gate.enter())
    }

    /// Creates the shared context.
    init(engine: MeterUnderLoad, config: LoadGenConfig) {
        self.engine = engine
        self.config = config
        self.picker = DebitPicker(accounts: engine.handles.count, features: engine.mix.count,
                                  workload: config.workload, skew: config.skew)
        self.cells = (0..<config.threads).map { _ in ProgressCell() }
        self.gate = EpochGate(workers: config.threads)
        // Clamped to [1 ns, 1 hour] so no rate the flag accepts can overflow.
        self.gapNanoseconds = config.rate.map { UInt64(min(max(1, Double(config.threads) / $0 * 1e9), 3.6e12)) } ?? 0
    }

    /// Called by each worker as it starts: the first one sets `released`.
    func workerStarted() {
        _ = released.compareExchange(expected: 0, desired: MonotonicClock.now(), ordering: .acquiringAndReleasing)
    }

    /// Waits (polling every millisecond) until the first worker started; returns that time.
    /// - Throws: the ``startFailure``, once the OS refused a worker thread (no worker runs).
    func waitForRelease() async throws(ThreadGang.StartFailure) -> UInt64 {
        while true {
            let value = released.load(ordering: .acquiring)
            if value != 0 { return value }
            if let failure = startFailure.withLock({ $0 }) { throw failure }
            try? await Task.sleep(nanoseconds: 1_000_000)
        }
    }

    /// A fresh worker state.
    func newState() -> WorkerState {
        WorkerState(accounts: engine.handles.count, features: engine.mix.count, epochs: config.workload.periods)
    }

    /// The seeded generator of worker `index` (distinct streams from one seed).
    func generator(for index: Int) -> Xoshiro256 {
        Xoshiro256(seed: config.seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1))
    }

    /// What a debit costs at the catalog rate.
    @inline(__always)
    func cost(of pick: DebitPicker.Pick) -> UInt64 { engine.mix.costs[pick.feature] &* UInt64(pick.quantity) }

    /// The refusal LoadGen's own reading of the rules expects before any pause, limit or
    /// cap: a seat that may not consume credits (R3), then a feature above the plan's
    /// highest edition (R4); `nil` when both allow the debit.
    @inline(__always)
    func ruleRefusal(of pick: DebitPicker.Pick) -> Refusal? {
        if let seat = pick.seat, seat == .free || seat == .viewOnly { return .seatNotEligible }
        return engine.mix.minimumEditions[pick.feature] > engine.editions[pick.account] ? .featureNotInEdition : nil
    }
}
