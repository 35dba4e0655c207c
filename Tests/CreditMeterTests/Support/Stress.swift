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
    static func run<R: Sendable>(threads: Int = Stress.threads, _ body: @escaping @Sendable (Int) -> R) -> [R] {
        ThreadGang.run(threadCount: threads, name: "stress", body).results
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
