/// One accepted debit, as handed to a ``DebitSink``.
public struct AcceptedDebit: Sendable, Hashable {
    /// The account charged.
    public let account: AccountID
    /// Which opening of `account`'s id was charged: distinct for every account the ledger
    /// opened, the same for all of one account's debits. A debit accepted just before its
    /// account closed may reach the sink after the id was opened again as a new account;
    /// a journal that replays by id keys on the opening too.
    public let opening: UInt32
    /// The feature used.
    public let feature: FeatureIndex
    /// How many actions ran.
    public let quantity: UInt32
    /// Credits charged (0 in a grace window).
    public let credits: UInt64
    /// The day it was counted on.
    public let day: CalendarDay
    /// The caller's idempotency id, if any.
    public let idempotencyKey: UInt64?
}

/// Receives every accepted debit, after the decision, on the debiting thread. The place a
/// durability layer attaches; by default a ledger has none and pays one predictable branch.
///
/// Called from many threads at once and on the hot path: keep it short and never block.
public protocol DebitSink: Sendable {
    /// Records one accepted debit.
    /// - Parameter debit: the accepted debit.
    func record(_ debit: AcceptedDebit)
}
