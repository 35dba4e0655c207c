/// What a case reports after its samples: its own counters and the check of its totals.
struct CaseOutcome: Sendable {
    /// Named counters of the case (accepted, refused, CAS retries, dropped events...).
    var counters: [String: UInt64] = [:]
    /// Extra measured figures that are not throughput (bytes per account).
    var figures: [String: Double] = [:]
    /// `nil` when the totals agree, otherwise what disagrees.
    var mismatch: String?

    /// The outcome of a case that counted into a tally: its counters, and a mismatch unless
    /// `recorded` equals the usage before the run plus the credits the tally accepted.
    /// - Parameters:
    ///   - tally: what the workers counted.
    ///   - what: what was summed, for the message.
    ///   - initialUsage: usage before the first sample.
    ///   - recorded: the usage the system under test holds now.
    init(tally: Tally, _ what: String, initialUsage: UInt64 = 0, recorded: UInt64) {
        counters = tally.counters
        expectEqual(what, expected: initialUsage &+ tally.total.credits, recorded: recorded)
    }

    /// Creates an outcome from counters alone.
    /// - Parameter counters: the case's counters.
    init(counters: [String: UInt64] = [:]) { self.counters = counters }

    /// Records a mismatch unless every operation the tally counted had the outcome the case
    /// intends: all accepted (open accounts and counters) or all refused (full ones).
    /// Without this, a run of nothing but refusals passes the credit check as 0 == 0 and
    /// is reported as speed (found by reviews, for the engine cases and then the ceilings).
    /// - Parameters:
    ///   - tally: what the workers counted.
    ///   - refused: whether the case intends every operation to be refused.
    mutating func expectEvery(in tally: Tally, refused: Bool = false) {
        let total = tally.total
        expectEqual(refused ? "accepted operations" : "refused operations", expected: 0,
                    recorded: refused ? total.accepted : total.refused)
    }

    /// Records a mismatch unless `expected == recorded`.
    /// - Parameters:
    ///   - what: what was summed, for the message.
    ///   - expected: the total the benchmark counted itself.
    ///   - recorded: the total the system under test holds.
    mutating func expectEqual(_ what: String, expected: UInt64, recorded: UInt64) {
        guard expected != recorded else { return }
        let line = "\(what): benchmark counted \(expected), system recorded \(recorded)"
        mismatch = mismatch.map { $0 + "; " + line } ?? line
    }
}
