/// Which engine entry point the workers debit through.
public enum DebitAPI: String, CaseIterable, Sendable, Codable {
    /// `Ledger.debit(_:feature:)` with handles resolved once before the run: the fast path.
    case handle
    /// `Ledger.debit(account:feature:)`: one account lookup per debit.
    case id
    /// `Ledger.debit(batch:into:)` with `--batch` debits by id per call.
    case batch
    /// `Ledger.debit(batch:into:)` with `--batch` debits through handles per call.
    case handleBatch = "handle-batch"
    /// `await Meter.debit(account:feature:)`: one actor hop per debit, to show its cost.
    case actor

    /// Whether the workers send batches of `--batch` debits.
    public var isBatch: Bool { self == .batch || self == .handleBatch }
}
