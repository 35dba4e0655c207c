/// One accepted debit, as handed to a ``DebitSink``.
public struct AcceptedDebit: Sendable, Hashable {
    /// The account charged.
    public let account: AccountID
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
