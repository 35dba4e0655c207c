import Synchronization

/// Peer: one `Mutex<UInt64>` per account, lock, check, add, unlock. What a careful
/// hand-written metering map would do without lock-free code.
final class MutexPerAccountPeer: PreparedCase {
    /// One locked used-credits counter per account.
    private let cells: Arena<Mutex<UInt64>>
    /// Which account each operation touches.
    private let stream: OperandStream<UInt32>
    /// What the workers counted.
    private let tally = Tally()

    /// Builds the locks.
    /// - Parameters:
    ///   - pattern: the accounts the stream touches.
    ///   - config: threads, scale and seed.
    init(pattern: AccessPattern, config: CaseConfig) {
        cells = Arena(count: pattern.accounts) { _ in Mutex(0) }
        stream = OperandStream(pattern, workers: config.threads,
                             length: config.scaled(1 << 20, minimum: 1 << 12), seed: config.seed)
    }

    /// Each operation locks one account and adds one credit under the open limit.
    var loop: MeasuredLoop {
        .threads { [self] context in
            stream.drive(context, into: tally) { index, counts in
                counts.record(accepted: cells[Int(index)].withLock { used -> Bool in
                    guard used < ArenaCeiling.openLimit else { return false }
                    used += 1
                    return true
                })
            }
        }
    }

    /// Checks that the counters hold exactly the accepted credits.
    func finish() async -> CaseOutcome {
        var recorded: UInt64 = 0
        for index in 0..<cells.count { recorded &+= cells[index].withLock { $0 } }
        var outcome = CaseOutcome(tally: tally, "locked usage", recorded: recorded)
        outcome.expectEvery(in: tally)
        return outcome
    }
}
