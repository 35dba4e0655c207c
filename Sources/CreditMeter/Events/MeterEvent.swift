/// A notification (R19), emitted exactly once per account, period and threshold (R20, I5;
/// `autoUpgraded` and `capRaisedByPurchase` once per upgrade or purchase, and the cap
/// notifications again for a higher cap, see the README's *Decisions*) by
/// the one debit that crossed it, or by the control operation that moved a threshold below
/// usage that was already there.
public struct MeterEvent: Sendable, Hashable {
    /// What happened when usage passed the monthly limit.
    public enum LimitOutcome: Sendable, Hashable {
        /// Packs were added (auto-upgrade).
        case upgraded
        /// Usage is now overage (pay-as-you-go).
        case overage
        /// Credit features are paused: the limit is a hard stop (no purchased capacity).
        case paused
    }

    /// The kind of notification.
    public enum Kind: Sendable, Hashable {
        /// Usage reached 75, 85, 90 or 100 % of the monthly limit.
        case usageReached(percent: Int)
        /// Usage passed the monthly limit (for a hard stop: reached it, and features pause).
        case limitExceeded(LimitOutcome)
        /// Usage reached 90 % of the cap.
        case capApproaching
        /// Usage reached the cap; credit features pause.
        case capReached
        /// Auto-upgrade added `packs` packs; the monthly limit is now `newLimit` (R11).
        case autoUpgraded(packs: Int, newLimit: UInt64)
        /// A purchase brought the limit above the cap, so the cap was raised to it:
        /// the account's admins should review it (R13).
        case capRaisedByPurchase(newCap: UInt64)
        /// The period closed with this final usage.
        case periodClosed(usage: UInt64)
    }

    /// The account.
    public let account: AccountID
    /// The period the event belongs to.
    public let period: UsagePeriod
    /// The day it happened.
    public let day: CalendarDay
    /// What happened.
    public let kind: Kind

    /// Creates an event.
    /// - Parameters:
    ///   - account: the account.
    ///   - period: the period it belongs to.
    ///   - day: the day it happened.
    ///   - kind: what happened.
    public init(account: AccountID, period: UsagePeriod, day: CalendarDay, kind: Kind) {
        self.account = account
        self.period = period
        self.day = day
        self.kind = kind
    }
}
