/// A fact the engine records for billing, in the order it happened (R9, R11, R14, R22).
/// Facts are kept exactly, unlike events, which a slow consumer may lose.
public enum BillingFact: Sendable, Hashable {
    /// Packs bought by the control plane, usable at once (R9).
    case capacityPurchased(day: CalendarDay, packs: Int)
    /// Packs added by auto-upgrade on the day the debit crossed the limit (R11).
    case autoUpgraded(day: CalendarDay, packs: Int)
    /// Packs removed at the end of a contract term (R14).
    case capacityRemoved(day: CalendarDay, packs: Int)
    /// A period closed with its final usage, the limit then in force and the overage
    /// setting that applied (R11: pay-as-you-go overage is billed from these).
    case periodClosed(period: UsagePeriod, usage: UInt64, monthlyLimit: UInt64, mode: OverageMode)

    /// The day the fact took effect: a purchase's, upgrade's or removal's day, or the first
    /// day of a closed period.
    public var day: CalendarDay {
        switch self {
        case .capacityPurchased(let day, _), .autoUpgraded(let day, _), .capacityRemoved(let day, _): day
        case .periodClosed(let period, _, _, _): period.start
        }
    }
}
