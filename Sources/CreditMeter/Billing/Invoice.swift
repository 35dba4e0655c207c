/// An invoice for one usage period of one account, in integer minor units (R22).
///
/// Each period has at most two: a capacity invoice (packs carried at full price, packs
/// bought and auto-upgraded during the period, prorated) and a separate overage invoice
/// billed in arrears once the period has closed (R11). An invoice of a period the engine
/// has not closed yet is a draft (``isFinal`` is `false`): packs bought or added later in
/// that period still change it.
public struct Invoice: Sendable, Hashable {
    /// Which invoice of the period this is. Raw values are the stable export names.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// Capacity packs: carried, bought and auto-upgraded (R9, R11).
        case capacity
        /// Pay-as-you-go overage, in arrears (R11).
        case overage
    }

    /// Which invoice this is.
    public let kind: Kind
    /// The usage period billed.
    public let period: UsagePeriod
    /// The currency of every amount.
    public let currency: Currency
    /// The charges, in the order they arose.
    public let lines: [InvoiceLine]
    /// The sum of the lines' amounts, in minor units.
    public let totalMinorUnits: Int64
    /// Whether the period has closed (the facts hold its ``BillingFact/periodClosed(period:usage:limit:mode:)``):
    /// a final invoice never changes; a draft one may still grow until the period closes.
    public let isFinal: Bool

    /// Totals the lines.
    init(kind: Kind, period: UsagePeriod, currency: Currency, lines: [InvoiceLine], isFinal: Bool) throws(BillingError) {
        var total: Int64 = 0
        for line in lines {
            let (sum, overflow) = total.addingReportingOverflow(line.amountMinorUnits)
            guard !overflow else { throw .amountOverflow }
            total = sum
        }
        self.kind = kind
        self.period = period
        self.currency = currency
        self.lines = lines
        self.totalMinorUnits = total
        self.isFinal = isFinal
    }
}
