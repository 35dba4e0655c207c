/// Engine debits in batches of 1,000 by id, one `await` on the `Meter` actor per batch.
final class ActorBatchDebit: PreparedCase {
    /// Debits per batch.
    static let batchSize = 1_000

    /// The engine with its accounts.
    private let engine: EngineFixture
    /// Batches built ahead of time, per worker.
    private let batches: [[DebitBatch]]
    /// What the workers counted.
    private let tally = Tally()

    /// Opens the accounts and builds each worker's batches from its index stream.
    /// - Parameters:
    ///   - name: the case, for error messages.
    ///   - pattern: the accounts the batches touch.
    ///   - config: threads, scale and seed.
    init(name: String, pattern: AccessPattern, config: CaseConfig) async throws(BenchmarkFailure) {
        let engine = try await EngineFixture(ids: AccountIDs.make(count: pattern.accounts, seed: config.seed),
                                             terms: .open, name: name)
        let stream = OperandStream(pattern, workers: config.threads, length: 1 << 16, seed: config.seed)
        batches = (0..<config.threads).map { worker in
            let ring = stream.ring(of: worker)
            return stride(from: 0, to: ring.count - ActorBatchDebit.batchSize + 1, by: ActorBatchDebit.batchSize)
                .map { engine.batch(ring[$0..<($0 + ActorBatchDebit.batchSize)]) }
        }
        self.engine = engine
    }

    /// Each operation is one debit of a batch; the deadline is read once per batch.
    var loop: MeasuredLoop {
        .tasks { [self] context in
            let mine = batches[context.worker]
            var counts = Tally.Counts()
            var operations = 0
            var next = context.sample % mine.count
            while !context.isOver {
                await engine.debit(mine[next], into: &counts)
                operations += mine[next].count
                next = (next + 1) % mine.count
            }
            tally.add(counts, sample: context.sample)
            return operations
        }
    }

    /// Checks that the engine recorded exactly the accepted credits.
    func finish() async -> CaseOutcome {
        CaseOutcome(tally: tally, "engine usage", recorded: engine.recordedUsage)
    }
}
