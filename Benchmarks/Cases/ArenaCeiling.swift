import CreditMeterPrefetch
import Synchronization

/// The ceiling: raw "add 1 if used + 1 <= limit" CAS over an arena of `UInt64` atomics,
/// with the same index stream as the engine case it bounds. Nothing can debit faster
/// while still enforcing a limit, so engine cases report their throughput as a ratio to it.
final class ArenaCeiling: PreparedCase {
    /// A limit high enough that accepted cases never reach it during a run.
    static let openLimit: UInt64 = 1 << 40

    /// One used-credits counter per account.
    private let cells: Arena<Atomic<UInt64>>
    /// The limit every counter is checked against.
    private let limit: UInt64
    /// Usage before the first sample (the limit for the refusal variant, else 0).
    private let initialUsage: UInt64
    /// Which account each operation touches.
    private let stream: OperandStream<UInt32>
    /// Whether each CAS is preceded by a prefetch for write of the counter 16 operations ahead.
    private let prefetch: Bool
    /// What the workers counted.
    private let tally = Tally()

    /// Builds the arena.
    /// - Parameters:
    ///   - pattern: the accounts the stream touches.
    ///   - full: whether every counter starts at its limit (the refusal path).
    ///   - prefetch: prefetch each counter for writing 16 operations ahead, as the engine's
    ///     batches do with their buckets.
    ///   - config: threads, scale and seed.
    init(pattern: AccessPattern, full: Bool, prefetch: Bool = false, config: CaseConfig) {
        self.prefetch = prefetch
        let start: UInt64 = full ? 1_000 : 0
        limit = full ? 1_000 : ArenaCeiling.openLimit
        initialUsage = start * UInt64(pattern.accounts)
        cells = Arena(count: pattern.accounts) { _ in Atomic(start) }
        stream = OperandStream(pattern, workers: config.threads,
                             length: config.scaled(1 << 20, minimum: 1 << 12), seed: config.seed)
    }

    /// Each operation is one CAS add of one credit.
    var loop: MeasuredLoop {
        // Two literal loops, so the raw ceiling carries no trace of the prefetching one.
        prefetch
            ? .threads { [self] context in
                stream.drive(context, into: tally, lookahead: { creditmeter_prefetch_for_write(self.cells.address(of: Int($0))) }) {
                    index, counts in counts.record(accepted: cells[Int(index)].add(1, within: limit, retries: &counts.retries))
                }
            }
            : .threads { [self] context in
                stream.drive(context, into: tally) { index, counts in
                    counts.record(accepted: cells[Int(index)].add(1, within: limit, retries: &counts.retries))
                }
            }
    }

    /// Checks that the arena holds exactly the accepted credits.
    func finish() async -> CaseOutcome {
        var outcome = CaseOutcome(tally: tally, "arena usage", initialUsage: initialUsage, recorded: cells.sum)
        outcome.expectEvery(in: tally, refused: limit != ArenaCeiling.openLimit)
        return outcome
    }
}
