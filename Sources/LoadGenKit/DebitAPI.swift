/// Which engine entry point the workers debit through.
public enum DebitAPI: String, CaseIterable, Sendable, Codable {
    /// `Ledger.debit(_:feature:)` with handles resolved once before the run: the fast path.
    case handle
    /// `Ledger.debit(account:feature:)`: one account lookup per debit.
    case id
    /// `Ledger.debit(batch:into:)` with `--batch` debits per call.
    case batch
    /// `await Meter.debit(account:feature:)`: one actor hop per debit, to show its cost.
    case actor
}
