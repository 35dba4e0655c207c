/// Why a billing or reporting call refused its input.
///
/// Every billing and reporting entry point is pure: when it throws, nothing was built and
/// nothing was changed (I6).
public enum BillingError: Error, Equatable, Sendable {
    /// The currency code is not an active ISO 4217 code with a minor unit.
    case unknownCurrency(String)
    /// A price was negative.
    case negativePrice(Int64)
    /// A pay-as-you-go rate was negative or had a non-positive credit count.
    case invalidRate(minorUnits: Int64, perCredits: Int64)
    /// A pack count was zero or negative where whole packs are required (R9, R11, R14).
    case invalidPacks(Int)
    /// A contract commitment outside 1...1200 months.
    case invalidCommitment(months: Int)
    /// An anchor day outside 1...31, a start day that is not a period start for it (R5), or
    /// (from `Meter.setBilling`) a contract whose anchor day is not the account's.
    case invalidAnchor(start: CalendarDay, anchorDay: Int)
    /// A fact, downgrade or period lies outside the account's contract.
    case outsideContract(CalendarDay)
    /// A period that is not one of the contract's usage periods.
    case notAContractPeriod(UsagePeriod)
    /// A removal of packs took more than the account held when it took effect (R14).
    case downgradeExceedsHeldPacks(requested: Int, held: Int)
    /// A legacy credit pack size other than 100, 1,000 or 10,000 (R15).
    case unknownLegacyPackSize(Int)
    /// A date range `[from, to)` that ends before it starts.
    case invalidDateRange(from: CalendarDay, to: CalendarDay)
    /// A date range a ``UsageReport`` cannot answer: it leaves the days `[from, to)` the
    /// report's log was read for (``UsageReport/coverage``).
    case outsideReport(from: CalendarDay, to: CalendarDay)
    /// A date range longer than a report may zero-fill (``UsageReport/maximumRangeDays``).
    case dateRangeTooLong(days: Int)
    /// An amount did not fit in 64 bits.
    case amountOverflow
    /// A proration whose charged days lie outside `0...periodDays`, or whose period is
    /// empty.
    case invalidProration(daysCharged: Int, periodDays: Int)
    /// The JSON encoder failed; the message is the encoder's.
    case exportFailed(String)
    /// No open account has this id.
    case unknownAccount(AccountID)
    /// No price book and contract were stored for the account (``Meter/setBilling(_:priceBook:term:)``).
    case missingBillingTerms(AccountID)
    /// The engine refused the change the billing call asked of it; nothing changed.
    case engine(MeterError)
}
