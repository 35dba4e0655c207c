import CreditMeter
import Testing

extension BillingTests {
    /// R11: pay-as-you-go overage is billed in arrears on its own invoice, in whole tens of
    /// credits rounded down, at 3 minor units per 2 credits here.
    @Suite("R11 pay-as-you-go overage")
    struct OverageTests {
        struct Case: Sendable, CustomTestStringConvertible {
            let usage: UInt64
            let limit: UInt64
            let mode: OverageMode
            let billed: Int64?
            let amount: Int64?
            var testDescription: String { "usage \(usage) over limit \(limit), \(mode)" }
        }

        @Test("R11 overage credits round down to a multiple of 10", arguments: [
            Case(usage: 7_237, limit: 6_000, mode: .payAsYouGo, billed: 1_230, amount: 1_845),
            Case(usage: 6_010, limit: 6_000, mode: .payAsYouGo, billed: 10, amount: 15),
            Case(usage: 6_011, limit: 6_000, mode: .payAsYouGo, billed: 10, amount: 15),
            Case(usage: 6_009, limit: 6_000, mode: .payAsYouGo, billed: nil, amount: nil),
            Case(usage: 6_000, limit: 6_000, mode: .payAsYouGo, billed: nil, amount: nil),
            Case(usage: 5_000, limit: 6_000, mode: .payAsYouGo, billed: nil, amount: nil),
            Case(usage: 7_237, limit: 6_000, mode: .autoUpgrade, billed: nil, amount: nil),
        ])
        func overage(_ c: Case) throws {
            let term = try BillingFixtures.term2026()
            let period = try term.period(containing: BillingFixtures.day(2026, 3, 1))
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            let close = BillingFact.periodClosed(period: period, usage: c.usage, monthlyLimit: c.limit, mode: c.mode)
            let overage = try builder.invoices(for: period, facts: [close]).filter { $0.kind == .overage }
            #expect(overage.count == (c.billed == nil ? 0 : 1))
            #expect(overage.first?.lines.map(\.kind) == c.billed.map { _ in [.overage] })
            #expect(overage.first?.lines.first?.quantity == c.billed)
            #expect(overage.first?.totalMinorUnits == c.amount)
        }

        /// A review found these engine paths untested: the measure is taken at the close,
        /// against the limit then in force (docs/BILLING.md).
        @Test("R11, R12 through the engine: a switch to pay-as-you-go at zero usage bills overage; a late pack absorbs it")
        func throughTheEngine() async throws {
            let priceBook = try BillingFixtures.usd()
            let term = try BillingFixtures.term2026()
            func january(packOnDay day: Int?) async throws -> [Invoice] {
                let (meter, clock, id) = try await BillingFixtures.openAccount(30, Subscription(.marketing, .professional))
                try await meter.buyCapacity(id, packs: 1)                               // limit 4,000, auto-upgrade
                #expect(try await meter.setOverageMode(id, to: .payAsYouGo) == true)   // no usage yet: at once (R12)
                let unit = try #require(meter.ledger.feature("workflow.crm.create-record"))
                clock.set(to: BillingFixtures.day(2026, 1, 5))
                #expect(meter.ledger.debit(account: id, feature: unit, quantity: 4_505).isAccepted)  // 505 over
                #expect(meter.ledger.snapshot(of: id)?.monthlyLimit == 4_000)          // pay-as-you-go: no upgrade
                if let day {
                    clock.set(to: BillingFixtures.day(2026, 1, day))
                    try await meter.buyCapacity(id, packs: 1)                           // limit 5,000
                }
                clock.set(to: BillingFixtures.day(2026, 2, 1))
                return try meter.invoices(for: id, priceBook: priceBook, term: term,
                                          from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2026, 2, 1))
            }
            let overage = try await january(packOnDay: nil)
            #expect(overage.map(\.kind) == [.capacity, .overage] && overage.allSatisfy(\.isFinal))
            #expect(overage.last?.lines.first?.quantity == 500)   // 505 over, billed in whole tens
            #expect(overage.last?.totalMinorUnits == 750)         // 3 minor units per 2 credits
            let absorbed = try await january(packOnDay: 31)
            #expect(absorbed.map(\.kind) == [.capacity])         // the close sees a 5,000 limit
            #expect(absorbed.first?.lines.map(\.kind) == [.packPurchase, .packPurchase])
            #expect(absorbed.first?.lines.last?.daysCharged == 1) // bought on the period's last day
        }

        @Test("R11 overage is billed only once the period has closed, on a separate invoice")
        func inArrears() throws {
            let term = try BillingFixtures.term2026()
            let march = try term.period(containing: BillingFixtures.day(2026, 3, 1))
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            let bought = BillingFact.capacityPurchased(day: BillingFixtures.day(2026, 3, 1), packs: 1)
            #expect(try builder.invoices(for: march, facts: [bought]).map(\.kind) == [.capacity])
            let closed = BillingFact.periodClosed(period: march, usage: 7_237, monthlyLimit: 6_000, mode: .payAsYouGo)
            #expect(try builder.invoices(for: march, facts: [bought, closed]).map(\.kind) == [.capacity, .overage])
        }
    }
}
