import Synchronization

/// Counts a case's outcomes, per sample, from all workers.
///
/// Workers keep plain local counters in the loop and add them here once per sample, so the
/// mutex is taken twice per sample and never on the measured path.
final class Tally: Sendable {
    /// The counts of one sample.
    struct Counts: Sendable {
        /// Operations that were accepted.
        var accepted: UInt64 = 0
        /// Credits (or units) the accepted operations charged.
        var credits: UInt64 = 0
        /// Operations that were refused.
        var refused: UInt64 = 0
        /// Compare-and-swap attempts that lost a race and were retried.
        var retries: UInt64 = 0

        /// Counts one operation.
        /// - Parameters:
        ///   - accepted: whether it was accepted.
        ///   - credits: what it charged when accepted.
        @inline(__always)
        mutating func record(accepted: Bool, credits: UInt64 = 1) {
            if accepted {
                self.accepted &+= 1
                self.credits &+= credits
            } else {
                refused &+= 1
            }
        }

        /// Adds another sample's or worker's counts to these.
        static func += (lhs: inout Counts, rhs: Counts) {
            lhs.accepted &+= rhs.accepted
            lhs.credits &+= rhs.credits
            lhs.refused &+= rhs.refused
            lhs.retries &+= rhs.retries
        }
    }

    /// Counts by sample index.
    private let bySample = Mutex<[Int: Counts]>([:])

    /// Creates an empty tally.
    init() {}

    /// Adds one worker's counts for one sample.
    /// - Parameters:
    ///   - counts: the worker's local counts.
    ///   - sample: the sample they belong to.
    func add(_ counts: Counts, sample: Int) {
        bySample.withLock { $0[sample, default: Counts()] += counts }
    }

    /// The counts of one sample (zero when nothing was added).
    /// - Parameter sample: the sample index.
    func counts(ofSample sample: Int) -> Counts {
        bySample.withLock { $0[sample] ?? Counts() }
    }

    /// The last sample that recorded anything, if any.
    var lastSample: Int? { bySample.withLock { $0.keys.max() } }

    /// The counts of all samples together.
    var total: Counts {
        bySample.withLock { samples in
            var sum = Counts()
            for counts in samples.values { sum += counts }
            return sum
        }
    }

    /// The total as report counters.
    var counters: [String: UInt64] {
        let sum = total
        return ["accepted": sum.accepted, "credits": sum.credits, "refused": sum.refused,
                "cas_retries": sum.retries]
    }
}
