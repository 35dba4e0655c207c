import CreditMeter
import Testing

extension BillingTests {
    /// R11: an auto-upgraded pack is charged prorated in its period, then in full each later
    /// period of the term.
    @Suite("R11 auto-upgrade charges")
    struct AutoUpgradeTests {
        /// 5,000 included + 1 pack bought on 2026-01-01 = 6,000; usage reaches 6,500 on
        /// 2026-01-17; one pack is added; the limit is now 7,000.
        static let facts: [BillingFact] = [
            .capacityPurchased(day: BillingFixtures.day(2026, 1, 1), packs: 1),
            .autoUpgraded(day: BillingFixtures.day(2026, 1, 17), packs: 1),
        ]

        @Test("R11 6,000 limit, usage 6,500, one pack added: limit 7,000, and its charge, through the engine")
        func throughTheEngine() async throws {
            // Marketing Enterprise includes 5,000 credits (R2); one pack bought makes 6,000.
            let (meter, clock, id) = try await BillingFixtures.openAccount(11, Subscription(.marketing, .enterprise))
            let term = try BillingFixtures.term2026()
            try await meter.buyCapacity(id, packs: 1)
            let action = try #require(meter.ledger.feature("workflow.crm.create-record"))
            #expect(meter.ledger.debit(account: id, feature: action, quantity: 6_000).isAccepted)
            clock.set(to: BillingFixtures.day(2026, 1, 17))
            #expect(meter.ledger.debit(account: id, feature: action, quantity: 500)
                == .accepted(charged: 500, usageAfter: 6_500, limit: 7_000))

            let january = try meter.invoices(for: id, priceBook: try BillingFixtures.usd(), term: term,
                                             from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2026, 2, 1))
            #expect(january.first?.lines.map(\.kind) == [.packPurchase, .autoUpgrade])
            #expect(january.first?.lines.map(\.amountMinorUnits) == [1_000, 484])
        }

        struct Case: Sendable, CustomTestStringConvertible {
            let month: Int
            let lines: [InvoiceLine.Kind]
            let amounts: [Int64]
            var testDescription: String { "2026-\(month)" }
        }

        @Test("R11 upgrade prorated for the rest of January, then full price each later period", arguments: [
            // 1 pack × 1,000 × 15 days (17th to 31st) / 31 = 483.87 → 484.
            Case(month: 1, lines: [.packPurchase, .autoUpgrade], amounts: [1_000, 484]),
            Case(month: 2, lines: [.packsCarried], amounts: [2_000]),
            Case(month: 12, lines: [.packsCarried], amounts: [2_000]),
        ])
        func charges(_ c: Case) throws {
            let term = try BillingFixtures.term2026()
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            let period = try term.period(containing: BillingFixtures.day(2026, c.month, 1))
            let invoices = try builder.invoices(for: period, facts: Self.facts)
            #expect(invoices.map(\.kind) == [.capacity])
            #expect(invoices.first?.lines.map(\.kind) == c.lines)
            #expect(invoices.first?.lines.map(\.amountMinorUnits) == c.amounts)
            #expect(invoices.first?.totalMinorUnits == c.amounts.reduce(0, +))
        }
    }
}
