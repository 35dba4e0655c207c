import CreditMeter

/// Shared inputs for the billing suites: a USD price book ($10.00 a pack, 1.5 cents a
/// pay-as-you-go credit) and day literals.
enum BillingFixtures {
    /// A day literal; the tables only hold real dates.
    static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDay {
        guard let value = CalendarDay(year: year, month: month, day: day) else {
            preconditionFailure("not a date: \(year)-\(month)-\(day)")
        }
        return value
    }

    /// USD, 1,000 minor units a pack, 3 minor units per 2 overage credits.
    static func usd() throws -> PriceBook {
        try PriceBook(currencyCode: "USD", packPriceMinorUnits: 1_000,
                      payAsYouGo: PayAsYouGoRate(minorUnits: 3, perCredits: 2))
    }

    /// A 12-month auto-renewing contract from 2026-01-01.
    static func term2026() throws -> ContractTerm {
        try ContractTerm(start: day(2026, 1, 1), months: 12)
    }

    /// A meter on a manual clock at 2026-01-01 with one open account, for the suites that
    /// check billing against the real engine.
    static func openAccount(_ id: UInt64, _ subscription: Subscription, anchorDay: Int = 1) async throws
        -> (meter: Meter, clock: ManualClock, id: AccountID) {
        let clock = MeterClock.manual(start: day(2026, 1, 1))
        let meter = Meter(clock: clock)
        let account = AccountID(id)
        try await meter.open(AccountSpec(id: account, subscriptions: [subscription], anchorDay: anchorDay))
        return (meter, clock, account)
    }
}
