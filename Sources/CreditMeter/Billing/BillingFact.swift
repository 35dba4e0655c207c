/// A billable fact the engine records for an account; ``InvoiceBuilder`` turns facts into
/// invoices (R22).
///
/// Facts are plain data: the engine appends them as they happen, the builder reads them
/// in any order.
public enum BillingFact: Sendable, Hashable {
    /// `packs` 1,000-credit packs were bought on `day`, usable at once (R9).
    case capacityPurchased(day: CalendarDay, packs: Int)
    /// Auto-upgrade added `packs` packs on `day` (R11).
    case autoUpgraded(day: CalendarDay, packs: Int)
    /// A usage period closed with this usage, limit and overage setting (R11).
    case periodClosed(period: UsagePeriod, usage: UInt64, monthlyLimit: UInt64, mode: OverageMode)
}
