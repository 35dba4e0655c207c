/// Peer for one `await` per debit: a minimal actor that owns plain counters. What the
/// engine's per-debit actor hop is compared with: the hop itself, nothing else.
final class ActorPerDebitPeer: PreparedCase {
    /// The actor that owns the counters.
    actor Counters {
        /// Used credits per account.
        private var used: [UInt64]

        /// Creates zeroed counters.
        /// - Parameter count: the number of accounts.
        init(count: Int) { used = Array(repeating: 0, count: count) }

        /// Adds one credit to an account under the open limit.
        /// - Parameter index: the account.
        /// - Returns: whether it was added.
        func debit(_ index: Int) -> Bool {
            guard used[index] < ArenaCeiling.openLimit else { return false }
            used[index] += 1
            return true
        }

        /// The sum of all counters.
        var total: UInt64 { used.reduce(0, &+) }
    }

    /// The actor under test.
    private let counters: Counters
    /// Which account each operation touches.
    private let stream: OperandStream<UInt32>
    /// What the workers counted.
    private let tally = Tally()

    /// Builds the actor.
    /// - Parameters:
    ///   - pattern: the accounts the stream touches.
    ///   - config: threads, scale and seed.
    init(pattern: AccessPattern, config: CaseConfig) {
        counters = Counters(count: pattern.accounts)
        stream = OperandStream(pattern, workers: config.threads,
                             length: config.scaled(1 << 16, minimum: 1 << 12), seed: config.seed)
    }

    /// Each operation is one `await` on the actor.
    var loop: MeasuredLoop {
        .tasks { [self] context in
            await stream.driveAsync(context, into: tally) { index, counts in
                counts.record(accepted: await counters.debit(Int(index)))
            }
        }
    }

    /// Checks that the actor holds exactly the accepted credits.
    func finish() async -> CaseOutcome {
        var outcome = CaseOutcome(tally: tally, "actor usage", recorded: await counters.total)
        outcome.expectEvery(in: tally)
        return outcome
    }
}
