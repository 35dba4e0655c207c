@testable import CreditMeter
import Testing

extension BillingTests {
    /// R9, R22: a purchase is charged `round_half_up(packs × price × days left / period days)`.
    @Suite("R9 proration of capacity purchases")
    struct ProrationTests {
        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let anchor: (Int, Int, Int)
            let bought: (Int, Int, Int)
            let packs: Int
            let daysCharged: Int
            let periodDays: Int
            let amount: Int64
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(name: "first day: full price", anchor: (2026, 4, 1), bought: (2026, 4, 1), packs: 1, daysCharged: 30, periodDays: 30, amount: 1_000),
            Case(name: "mid-period: half of 30 days", anchor: (2026, 4, 1), bought: (2026, 4, 16), packs: 1, daysCharged: 15, periodDays: 30, amount: 500),
            Case(name: "last day of 30: 33.33 rounds down", anchor: (2026, 4, 1), bought: (2026, 4, 30), packs: 1, daysCharged: 1, periodDays: 30, amount: 33),
            Case(name: "last day of 31, 3 packs: 96.77 rounds up", anchor: (2026, 1, 1), bought: (2026, 1, 31), packs: 3, daysCharged: 1, periodDays: 31, amount: 97),
            Case(name: "mid-period across a month, anchor 15", anchor: (2026, 1, 15), bought: (2026, 2, 1), packs: 2, daysCharged: 14, periodDays: 31, amount: 903),
        ]

        @Test("R9 prorated purchase charge", arguments: cases)
        func purchase(_ c: Case) throws {
            let start = BillingFixtures.day(c.anchor.0, c.anchor.1, c.anchor.2)
            let bought = BillingFixtures.day(c.bought.0, c.bought.1, c.bought.2)
            let term = try ContractTerm(start: start, months: 12)
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            let period = try term.period(containing: bought)
            let invoices = try builder.invoices(for: period, facts: [.capacityPurchased(day: bought, packs: c.packs)])
            let line = try #require(invoices.first?.lines.first)
            #expect(invoices.count == 1)
            #expect(line.kind == .packPurchase)
            #expect(line.daysCharged == c.daysCharged)
            #expect(line.periodDays == c.periodDays)
            #expect(line.amountMinorUnits == c.amount)
            #expect(invoices[0].totalMinorUnits == c.amount)
        }

        @Test("R22 half-up rounding", arguments: [
            (Int64(1), Int64(2), Int64(1)), (3, 2, 2), (5, 10, 1), (4, 10, 0), (0, 7, 0), (14, 7, 2),
            (.max, .max, 1), (.max - 1, .max, 1), (.max / 2, .max, 0),
        ])
        func halfUp(numerator: Int64, denominator: Int64, expected: Int64) {
            #expect(Proration.dividedRoundingHalfUp(numerator, by: denominator) == expected)
        }

        /// R22's stated rule on priced invoice lines, at exact halves (the table above has
        /// none: a 1,000 price over 28–31 days never lands on one). A 15-unit pack bought on
        /// the last of 30 days is 0.5 and bills 1; two bill 1.0. Overage at 1 unit per 20
        /// credits: 1,230 credits is 61.5 and bills 62, 1,210 is 60.5 and bills 61.
        @Test("R22 invoice lines round exact halves up", arguments: [
            (packs: 1, overage: UInt64(1_230), pack: Int64(1), overageAmount: Int64(62)),
            (packs: 2, overage: UInt64(1_210), pack: Int64(1), overageAmount: Int64(61)),
            (packs: 3, overage: UInt64(1_220), pack: Int64(2), overageAmount: Int64(61)),
        ])
        func linesRoundHalfUp(packs: Int, overage: UInt64, pack: Int64, overageAmount: Int64) throws {
            let term = try BillingFixtures.term2026()
            let last = BillingFixtures.day(2026, 4, 30)
            let april = try term.period(containing: last)
            let priceBook = try PriceBook(currencyCode: "USD", packPriceMinorUnits: 15,
                                          payAsYouGo: PayAsYouGoRate(minorUnits: 1, perCredits: 20))
            let facts: [BillingFact] = [
                .capacityPurchased(day: last, packs: packs),
                .periodClosed(period: april, usage: 6_000 + overage, monthlyLimit: 6_000, mode: .payAsYouGo),
            ]
            let invoices = try InvoiceBuilder(priceBook: priceBook, term: term).invoices(for: april, facts: facts)
            #expect(invoices.map(\.kind) == [.capacity, .overage])
            #expect(invoices.first?.lines.first?.daysCharged == 1)
            #expect(invoices.first?.totalMinorUnits == pack)
            #expect(invoices.last?.lines.first?.quantity == Int64(overage))
            #expect(invoices.last?.totalMinorUnits == overageAmount)
        }

        /// Found by a review: the engine records an auto-upgrade per crossing debit, and each
        /// fact was priced and rounded as a line of its own. Price 1,000 a pack, 30 one-pack
        /// upgrades on the last of 31 days: 30 lines of round(32.26) = 960 against one line
        /// of round(967.74) = 968, and interleaved purchases must not split the group.
        @Test("R22 same-day facts of a kind are priced as one line")
        func sameDayFactsMerge() throws {
            let term = try BillingFixtures.term2026()
            let last = BillingFixtures.day(2026, 1, 31)
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            var facts = [BillingFact](repeating: .autoUpgraded(day: last, packs: 1), count: 15)
            facts.append(.capacityPurchased(day: last, packs: 2))
            facts += [BillingFact](repeating: .autoUpgraded(day: last, packs: 1), count: 15)
            let lines = try #require(builder.invoices(for: try term.period(containing: last), facts: facts).first).lines
            #expect(lines.map(\.kind) == [.autoUpgrade, .packPurchase])
            #expect(lines.map(\.quantity) == [30, 2])
            #expect(lines.map(\.amountMinorUnits) == [968, 65])
        }

        @Test("R22 an amount past 64 bits is a typed error, not a trap")
        func overflow() {
            #expect(throws: BillingError.amountOverflow) {
                try Proration.amount(quantity: .max / 2, rateMinorUnits: 3, daysCharged: 30, periodDays: 30)
            }
            // Past 128 bits too (found by a review: the 128-bit product trapped).
            #expect(throws: BillingError.amountOverflow) {
                try Proration.amount(quantity: .max, rateMinorUnits: .max, daysCharged: 3, periodDays: 3)
            }
            #expect(throws: BillingError.amountOverflow) {
                try Proration.amount(quantity: .max, rateMinorUnits: .max, ratePer: .max, daysCharged: .max, periodDays: .max)
            }
        }

        /// Found by a review: the products were taken in 64 bits, so an amount that fits was
        /// refused when quantity × rate × days did not.
        @Test("R22 an amount that fits is priced whatever its intermediate products", arguments: [
            (Int64(4_000_000_000), Int64(123_456_789), Int64(100_000_000), 31, 31, Int64(4_938_271_560)),
            (.max / 2, 3, 1, 1, 30, 461168601842738790),
            (.max, 1, 1, 1, 2, .max / 2 + 1),
        ])
        func wideProducts(quantity: Int64, rate: Int64, per: Int64, days: Int, periodDays: Int, expected: Int64) throws {
            #expect(try Proration.amount(quantity: quantity, rateMinorUnits: rate, ratePer: per, daysCharged: days, periodDays: periodDays) == expected)
        }
    }
}
