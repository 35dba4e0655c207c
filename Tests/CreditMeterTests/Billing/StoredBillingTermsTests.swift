import CreditMeter
import Testing

/// R22 through the actor: a price book and contract stored per account give the same
/// invoices as passing them in; without them the call is a typed error.
@Suite("R22 stored billing terms")
struct StoredBillingTermsTests {
    @Test("stored terms price invoices exactly like passed-in terms; missing terms are refused")
    func storedTerms() async throws {
        let clock = MeterClock.manual(start: Fixtures.start)
        let meter = Meter(catalog: Fixtures.catalog, clock: clock)
        let id = AccountID(7)
        let handle = try await meter.open(AccountSpec(id: id, subscriptions: [Subscription(.marketing, .enterprise)],
                                                      anchorDay: 15, capacityPacks: 1))
        _ = meter.ledger.debit(handle, feature: Fixtures.feature(meter.ledger, "unit"), quantity: 6_500)
        let priceBook = try PriceBook(currencyCode: "USD", packPriceMinorUnits: 1_000, payAsYouGo: PayAsYouGoRate(minorUnits: 1, perCredits: 1))
        let term = try ContractTerm(start: Fixtures.start, months: 12, anchorDay: 15)
        let range = (Fixtures.start, Fixtures.start.adding(days: 40))

        await #expect(throws: BillingError.missingBillingTerms(id)) { try await meter.invoices(for: id, from: range.0, to: range.1) }
        await #expect(throws: BillingError.unknownAccount(AccountID(8))) {
            try await meter.setBilling(AccountID(8), priceBook: priceBook, term: term)
        }
        try await meter.setBilling(id, priceBook: priceBook, term: term)
        let stored = try await meter.invoices(for: id, from: range.0, to: range.1)
        let passed = try meter.invoices(for: id, priceBook: priceBook, term: term, from: range.0, to: range.1)
        #expect(stored == passed)
        #expect(!stored.isEmpty)
        #expect(try await meter.scheduleDowngrade(id, packs: 1) == CalendarDay(year: 2027, month: 1, day: 15)!)  // the term's end (R14)
    }
}
