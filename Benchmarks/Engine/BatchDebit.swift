/// Engine debits in batches of 1,000, by id or through handles: one `await` on the `Meter`
/// actor per batch, or straight through the nonisolated `Ledger.debit(batch:into:)` on OS
/// threads.
final class BatchDebit: PreparedCase {
    /// Debits per batch.
    static let batchSize = 1_000

    /// Whether batches go through the actor (else straight to the ledger).
    private let throughActor: Bool
    /// The engine with its accounts.
    private let engine: EngineFixture
    /// Batches built ahead of time, per worker.
    private let batches: [[DebitBatch]]
    /// What the workers counted.
    private let tally = Tally()

    /// Opens the accounts and builds each worker's batches from its index stream.
    /// - Parameters:
    ///   - name: the case, for error messages.
    ///   - throughActor: one hop onto the `Meter` per batch, or the ledger directly.
    ///   - byHandle: debits through resolved handles instead of account ids.
    ///   - pattern: the accounts the batches touch.
    ///   - config: threads, scale and seed.
    init(name: String, throughActor: Bool, byHandle: Bool = false, pattern: AccessPattern,
         config: CaseConfig) async throws(BenchmarkFailure) {
        self.throughActor = throughActor
        let engine = try await EngineFixture(ids: AccountIDs.make(count: pattern.accounts, seed: config.seed),
                                             terms: .open, name: name)
        // As many draws as the paired ceiling's ring, so the batches touch every account it
        // does (found by a review: 1 << 16 draws reached about half of 100k accounts, a
        // smaller working set than the ceiling's).
        let stream = OperandStream(pattern, workers: config.threads, length: config.scaled(1 << 20, minimum: 1 << 12),
                                   seed: config.seed)
        batches = (0..<config.threads).map { worker in
            let ring = stream.ring(of: worker)
            return stride(from: 0, to: ring.count - BatchDebit.batchSize + 1, by: BatchDebit.batchSize)
                .map { engine.batch(ring[$0..<($0 + BatchDebit.batchSize)], byHandle: byHandle) }
        }
        self.engine = engine
    }

    /// Each operation is one debit of a batch; the deadline is read once per batch.
    var loop: MeasuredLoop {
        guard throughActor else {
            return .threads { [self] context in
                var cursor = BatchCursor(batches[context.worker], sample: context.sample)
                var counts = Tally.Counts()
                var decisions = DebitDecisions()
                while !context.isOver { engine.debit(cursor.take(), reusing: &decisions, into: &counts) }
                tally.add(counts, sample: context.sample)
                return cursor.operations
            }
        }
        return .tasks { [self] context in
            var cursor = BatchCursor(batches[context.worker], sample: context.sample)
            var counts = Tally.Counts()
            while !context.isOver { await engine.debit(cursor.take(), into: &counts) }
            tally.add(counts, sample: context.sample)
            return cursor.operations
        }
    }

    /// Checks that the engine recorded exactly the accepted credits, and refused none (the
    /// accounts are open).
    func finish() async -> CaseOutcome {
        var outcome = CaseOutcome(tally: tally, "engine usage", recorded: engine.recordedUsage)
        outcome.expectEvery(in: tally)
        return outcome
    }
}
