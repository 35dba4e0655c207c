import CreditMeter
import Testing

extension BillingTests {
    /// The worked month of docs/BILLING.md, March 2026, recomputed here so the document's
    /// numbers are checked (R8, R9, R11, R12, R22).
    @Suite("R22 worked month in docs/BILLING.md")
    struct WorkedMonthTests {
        static let facts: [BillingFact] = [
            .capacityPurchased(day: BillingFixtures.day(2026, 1, 1), packs: 2),
            .periodClosed(period: UsagePeriod(start: BillingFixtures.day(2026, 1, 1), end: BillingFixtures.day(2026, 2, 1)),
                          usage: 4_800, monthlyLimit: 5_000, mode: .autoUpgrade),
            .autoUpgraded(day: BillingFixtures.day(2026, 2, 18), packs: 1),
            .periodClosed(period: UsagePeriod(start: BillingFixtures.day(2026, 2, 1), end: BillingFixtures.day(2026, 3, 1)),
                          usage: 5_600, monthlyLimit: 6_000, mode: .autoUpgrade),
            .capacityPurchased(day: BillingFixtures.day(2026, 3, 10), packs: 2),
            .periodClosed(period: UsagePeriod(start: BillingFixtures.day(2026, 3, 1), end: BillingFixtures.day(2026, 4, 1)),
                          usage: 9_237, monthlyLimit: 8_000, mode: .payAsYouGo),
        ]

        static func invoices(_ month: Int) throws -> [Invoice] {
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: try BillingFixtures.term2026())
            return try builder.invoices(from: BillingFixtures.day(2026, month, 1), to: BillingFixtures.day(2026, month + 1, 1),
                                        facts: facts)
        }

        @Test("R11 the February upgrade that March carries", arguments: [
            (1, [Int64(2_000)]), (2, [2_000, 393]), (4, [5_000]),
        ])
        func context(month: Int, amounts: [Int64]) throws {
            #expect(try Self.invoices(month).flatMap(\.lines).map(\.amountMinorUnits) == amounts)
        }

        @Test("R22 March 2026 exported as in docs/BILLING.md")
        func march() throws {
            let invoices = try Self.invoices(3)
            #expect(invoices.map(\.totalMinorUnits) == [4_419, 1_845])
            #expect(try ReportFormat.csv.render(invoices.flatMap(\.rows)) == """
                invoice,period_start,period_end,status,currency,minor_unit_exponent,line,day,quantity,rate_minor_units,rate_per,days_charged,period_days,amount_minor_units\r
                capacity,2026-03-01,2026-04-01,final,USD,2,packs_carried,2026-03-01,3,1000,1,31,31,3000\r
                capacity,2026-03-01,2026-04-01,final,USD,2,pack_purchase,2026-03-10,2,1000,1,22,31,1419\r
                overage,2026-03-01,2026-04-01,final,USD,2,overage,2026-03-01,1230,3,2,31,31,1845\r

                """)
        }

        @Test("R22 the engine, driven through the worked story, records exactly these facts")
        func throughTheEngine() async throws {
            let (meter, clock, id) = try await BillingFixtures.openAccount(2026, Subscription(.marketing, .professional))
            let action = try #require(meter.ledger.feature("workflow.crm.create-record"))
            func use(_ credits: UInt32, on day: CalendarDay) {
                clock.set(to: day)
                #expect(meter.ledger.debit(account: id, feature: action, quantity: credits).isAccepted)
            }
            try await meter.buyCapacity(id, packs: 2)
            use(4_800, on: BillingFixtures.day(2026, 1, 20))
            use(5_000, on: BillingFixtures.day(2026, 2, 10))
            use(600, on: BillingFixtures.day(2026, 2, 18))
            #expect(try await meter.setOverageMode(id, to: .payAsYouGo) == false)  // R12: from March 1
            clock.set(to: BillingFixtures.day(2026, 3, 10))
            try await meter.buyCapacity(id, packs: 2)
            use(9_237, on: BillingFixtures.day(2026, 3, 20))
            clock.set(to: BillingFixtures.day(2026, 4, 1))

            #expect(meter.ledger.billingFacts(of: id) == Self.facts)
            let march = try meter.invoices(for: id, priceBook: try BillingFixtures.usd(), term: try BillingFixtures.term2026(),
                                           from: BillingFixtures.day(2026, 3, 1), to: BillingFixtures.day(2026, 4, 1))
            #expect(march == (try Self.invoices(3)))
        }
    }
}
