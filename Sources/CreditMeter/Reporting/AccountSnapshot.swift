/// An account's limits and usage at one instant (R21).
public struct AccountSnapshot: Sendable, Hashable {
    /// The account.
    public let id: AccountID
    /// The current usage period.
    public let period: UsagePeriod
    /// Credits used this period.
    public let usage: UInt64
    /// The monthly limit in force: included credits plus capacity (R8).
    public let monthlyLimit: UInt64
    /// The cap, if set (R13).
    public let cap: UInt64?
    /// The usage that no debit may pass: the limit without capacity, else the cap, else `nil`.
    public let hardLimit: UInt64?
    /// The overage setting in force, and the one scheduled for next period if any (R12).
    public let overageMode: OverageMode
    /// The overage setting that takes effect at the next period, if a change is pending.
    public let pendingOverageMode: OverageMode?
    /// Credits included by the highest subscription (R2).
    public let includedCredits: UInt64
    /// Credits the subscriptions held for the next period include, when a change that
    /// lowers them waits for it (see ``Ledger/setSubscriptions(_:to:)``).
    public let pendingIncludedCredits: UInt64?
    /// Purchased capacity in credits: bought and auto-upgraded packs plus legacy capacity.
    public let capacityCredits: UInt64
    /// Packs added by auto-upgrade so far (they stay for the contract term).
    public let upgradedPacks: Int
    /// Whether the whole account is paused (R17).
    public let paused: Bool
}
