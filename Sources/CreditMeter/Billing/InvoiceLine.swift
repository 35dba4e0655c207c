/// One charge on an invoice, with every number needed to recompute it (R22):
///
/// `amountMinorUnits = round_half_up(quantity × rateMinorUnits × daysCharged / (ratePer × periodDays))`
///
/// (see ``Proration``).
public struct InvoiceLine: Sendable, Hashable {
    /// What a line charges for. The raw values are the stable names used in exports.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// Packs held at the start of the period, at full price (R9, R11).
        case packsCarried = "packs_carried"
        /// Packs bought during the period, prorated (R9).
        case packPurchase = "pack_purchase"
        /// Packs added by auto-upgrade during the period, prorated (R11).
        case autoUpgrade = "auto_upgrade"
        /// Pay-as-you-go credits past the limit, in whole tens, in arrears (R11).
        case overage
    }

    /// What the line charges for.
    public let kind: Kind
    /// The first day charged: the purchase or upgrade day, else the period start.
    public let day: CalendarDay
    /// Packs, or for ``Kind/overage`` the credits billed (a multiple of 10).
    public let quantity: Int64
    /// The price of `ratePer` units for a whole period, in minor units.
    public let rateMinorUnits: Int64
    /// How many units `rateMinorUnits` prices: 1 for packs, the rate's credits for overage.
    public let ratePer: Int64
    /// Days charged: the days from `day` to the period end, the purchase day included.
    public let daysCharged: Int
    /// Days in the period.
    public let periodDays: Int
    /// The charge, in minor units.
    public let amountMinorUnits: Int64

    /// Prices a line with ``Proration/amount(quantity:rateMinorUnits:ratePer:daysCharged:periodDays:)``.
    init(kind: Kind, day: CalendarDay, quantity: Int64, rateMinorUnits: Int64, ratePer: Int64 = 1,
         daysCharged: Int, periodDays: Int) throws(BillingError) {
        self.kind = kind
        self.day = day
        self.quantity = quantity
        self.rateMinorUnits = rateMinorUnits
        self.ratePer = ratePer
        self.daysCharged = daysCharged
        self.periodDays = periodDays
        self.amountMinorUnits = try Proration.amount(quantity: quantity, rateMinorUnits: rateMinorUnits, ratePer: ratePer,
                                                     daysCharged: daysCharged, periodDays: periodDays)
    }
}
