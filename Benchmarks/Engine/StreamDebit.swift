/// Engine debits of one credit each over an index stream, by one of three paths: a
/// pre-resolved handle, an account id, or one `await` on the `Meter` actor per debit.
/// With `full`, every account starts at its hard limit and each debit is a refusal.
final class StreamDebit: PreparedCase {
    /// How a debit reaches the engine.
    enum Path: Sendable {
        /// `Ledger.debit(_:feature:)` with a handle resolved in set-up.
        case handle
        /// `Ledger.debit(account:feature:)`: registry lookup, then the handle path.
        case id
        /// `await Meter.debit(account:feature:)`: one actor hop per debit.
        case actor
    }

    /// The path under test.
    private let path: Path
    /// The engine with its accounts.
    private let engine: EngineFixture
    /// Which account each debit touches.
    private let stream: IndexStream
    /// What the workers counted.
    private let tally = Tally()
    /// Usage summed over the accounts before the first sample.
    private let initialUsage: UInt64

    /// Opens the accounts (and fills them to their hard limit when `full`).
    /// - Parameters:
    ///   - name: the case, for error messages.
    ///   - path: how debits reach the engine.
    ///   - pattern: the accounts the stream touches.
    ///   - full: open hard-limit accounts and use up their limit first.
    ///   - config: threads, scale and seed.
    init(name: String, path: Path, pattern: AccessPattern, full: Bool = false,
         config: CaseConfig) async throws(BenchmarkFailure) {
        let ids = AccountIDs.make(count: pattern.accounts, seed: config.seed)
        engine = try await EngineFixture(ids: ids, terms: full ? .hard : .open, name: name)
        if full {
            var counts = Tally.Counts()
            for index in ids.indices {
                engine.debit(index, quantity: UInt32(EngineFixture.hardLimit), into: &counts)
            }
            guard counts.refused == 0 else {
                throw .setUp(case: name, reason: "\(counts.refused) accounts could not be filled to their limit")
            }
        }
        self.path = path
        initialUsage = engine.recordedUsage
        // Actor hops are ~100x slower: a shorter ring is drawn faster and still never repeats
        // within a sample's cache footprint.
        let length = path == .actor ? 1 << 16 : 1 << 20
        stream = IndexStream(pattern, workers: config.threads,
                             length: config.scaled(length, minimum: 1 << 12), seed: config.seed)
    }

    /// Each operation is one one-credit debit along the path.
    var loop: MeasuredLoop {
        switch path {
        case .handle:
            .threads { [self] context in
                stream.drive(context, into: tally) { index, counts in engine.debit(index, into: &counts) }
            }
        case .id:
            .threads { [self] context in
                stream.drive(context, into: tally) { index, counts in engine.debitByID(index, into: &counts) }
            }
        case .actor:
            .tasks { [self] context in
                await stream.driveAsync(context, into: tally) { index, counts in
                    await engine.debitThroughActor(index, into: &counts)
                }
            }
        }
    }

    /// Checks that the engine recorded exactly the accepted credits.
    func finish() async -> CaseOutcome {
        CaseOutcome(tally: tally, "engine usage", initialUsage: initialUsage, recorded: engine.recordedUsage)
    }
}
