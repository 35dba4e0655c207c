import CreditMeter
import Foundation
import MeterTools
import Synchronization

/// Real OS threads for exactness tests (never timed). `METER_STRESS_SCALE=N` multiplies
/// iteration counts for long runs, as swift-atomics does.
enum Stress {
    static let threads = 8

    static var scale: Int { Int(ProcessInfo.processInfo.environment["METER_STRESS_SCALE"] ?? "") ?? 1 }

    /// Runs `body(threadIndex)` on `threads` OS threads released together.
    ///
    /// The gang runs off the cooperative pool (`ThreadGang.runOffPool`): the pool has as
    /// many threads as CPUs, and holding them would stall every async test.
    /// - Throws: `ThreadGang.StartFailure` when the OS refuses a thread.
    static func run<R: Sendable>(threads: Int = Stress.threads, _ body: @escaping @Sendable (Int) -> R) async throws -> [R] {
        try await ThreadGang.runOffPool(threadCount: threads, name: "stress", body).results
    }

    /// Spins until `condition` holds, yielding the CPU on each miss so that the threads it
    /// waits for run even when there are more threads than CPUs. Never sleeps or times out:
    /// every caller waits for progress that other threads are bound to make.
    static func spin(until condition: () -> Bool) {
        while !condition() { sched_yield() }
    }

    /// A reusable barrier for `parties` threads: round `n` is passed once every party has
    /// arrived `n + 1` times. Each party counts its own rounds.
    final class Barrier: Sendable {
        private let parties: Int
        private let arrivals = Atomic<Int>(0)

        init(parties: Int) { self.parties = parties }

        /// Arrives for `round` (0, 1, 2, … in order) and waits for the other parties.
        func arriveAndWait(round: Int) {
            arrivals.add(1, ordering: .acquiringAndReleasing)
            Stress.spin { arrivals.load(ordering: .acquiring) >= (round + 1) * parties }
        }
    }
}

/// Per-thread tallies of decisions, merged after the run.
struct Tally: Sendable {
    var accepted: [UInt64: UInt64] = [:]        // account → credits accepted
    var refused: [Refusal: Int] = [:]
    var usageAfter: [UInt64] = []

    mutating func note(_ account: UInt64, _ decision: DebitDecision, keepUsage: Bool = false) {
        switch decision {
        case .accepted(let charged, let after, _):
            accepted[account, default: 0] += charged
            if keepUsage { usageAfter.append(after) }
        case .refused(let reason):
            refused[reason, default: 0] += 1
        }
    }

    static func merged(_ tallies: [Tally]) -> Tally {
        tallies.reduce(into: Tally()) { total, tally in
            total.accepted.merge(tally.accepted, uniquingKeysWith: +)
            total.refused.merge(tally.refused, uniquingKeysWith: +)
            total.usageAfter += tally.usageAfter
        }
    }
}
