import CreditMeter
import Synchronization

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

    /// The path under test with its operands: what a caller of that path would hold.
    private enum Route: Sendable {
        /// Handles, debited by handle.
        case handle(OperandStream<AccountHandle>)
        /// Raw ids, debited by id.
        case id(OperandStream<UInt64>)
        /// Raw ids, debited by id through the actor.
        case actor(OperandStream<UInt64>)
    }

    /// The route under test.
    private let route: Route
    /// The engine with its accounts.
    private let engine: EngineFixture
    /// What the workers counted.
    private let tally = Tally()
    /// Usage summed over the accounts before the first sample.
    private let initialUsage: UInt64
    /// Whether the accounts start full, so that every debit is a refusal.
    private let full: Bool
    /// The case's name, for error messages.
    private let name: String
    /// Usage of the periods a one-account case rolled out of between samples.
    private let rolledUsage = Atomic<UInt64>(0)

    /// Opens the accounts (and fills them to their hard limit when `full`).
    /// - Parameters:
    ///   - name: the case, for error messages.
    ///   - path: how debits reach the engine.
    ///   - pattern: the accounts the stream touches.
    ///   - full: open hard-limit accounts and use up their limit first.
    ///   - rowsShort: run on a ledger short of usage row blocks (see ``EngineFixture``).
    ///   - config: threads, scale and seed.
    init(name: String, path: Path, pattern: AccessPattern, full: Bool = false, rowsShort: Bool = false,
         config: CaseConfig) async throws(BenchmarkFailure) {
        let ids = AccountIDs.make(count: pattern.accounts, seed: config.seed)
        self.full = full
        self.name = name
        engine = try await EngineFixture(ids: ids, terms: full ? .hard : .open, rowsShort: rowsShort, name: name)
        if full {
            var counts = Tally.Counts()
            for index in ids.indices {
                engine.debit(engine.handles[index], quantity: UInt32(EngineFixture.hardLimit), into: &counts)
            }
            guard counts.refused == 0 else {
                throw .setUp(case: name, reason: "\(counts.refused) accounts could not be filled to their limit")
            }
        }
        initialUsage = engine.recordedUsage
        // Actor hops are ~100x slower: a shorter ring is drawn faster and is plenty.
        let length = path == .actor ? 1 << 16 : 1 << 20
        let indices = OperandStream(pattern, workers: config.threads,
                                    length: config.scaled(length, minimum: 1 << 12), seed: config.seed)
        let engine = self.engine
        route = switch path {
        case .handle: .handle(indices.map { engine.handles[Int($0)] })
        case .id: .id(indices.map { engine.ids[Int($0)] })
        case .actor: .actor(indices.map { engine.ids[Int($0)] })
        }
    }

    /// Keeps a one-account case (the hot account) far from its first threshold: once its
    /// usage passes ``EngineFixture/rollAbove``, the clock moves to its next period (usage
    /// back to 0, R6), untimed, and the closed period's usage is kept for the totals. Found
    /// by a review: at ~145 M debits/s the account crossed 75 % of its limit after about 5 s
    /// of samples, and longer runs went on to auto-upgrades and refusals. Cases over many
    /// accounts spread their debits and never come near.
    func beforeSample(_ sample: Int) async throws(BenchmarkFailure) {
        guard engine.ids.count == 1, !full else { return }
        let usage = engine.recordedUsage
        guard usage > EngineFixture.rollAbove else { return }
        rolledUsage.add(usage, ordering: .relaxed)
        engine.rollToNextPeriod()
        guard engine.recordedUsage == 0 else {
            throw .setUp(case: name, reason: "moving the clock a period on did not reset usage")
        }
    }

    /// Each operation is one one-credit debit along the path.
    var loop: MeasuredLoop {
        switch route {
        case let .handle(handles):
            .threads { [self] context in
                handles.drive(context, into: tally) { handle, counts in engine.debit(handle, into: &counts) }
            }
        case let .id(ids):
            .threads { [self] context in
                ids.drive(context, into: tally) { id, counts in engine.debit(id: id, into: &counts) }
            }
        case let .actor(ids):
            .tasks { [self] context in
                await ids.driveAsync(context, into: tally) { id, counts in
                    await engine.debitThroughActor(id: id, into: &counts)
                }
            }
        }
    }

    /// Checks that the engine recorded exactly the accepted credits, and that every debit
    /// was accepted (open accounts) or refused (full ones), as the case intends.
    func finish() async -> CaseOutcome {
        let recorded = engine.recordedUsage &+ rolledUsage.load(ordering: .relaxed)
        var outcome = CaseOutcome(tally: tally, "engine usage", initialUsage: initialUsage, recorded: recorded)
        outcome.expectEvery(in: tally, refused: full)
        return outcome
    }
}
