import CreditMeter
import Testing

extension BillingTests {
    /// R5 inside a contract: periods anchored on the 31st through February, common and leap.
    @Suite("R5 contract periods and proration on a 31st anchor")
    struct ContractTermTests {
        struct Case: Sendable, CustomTestStringConvertible {
            let start: (Int, Int, Int)
            let bought: (Int, Int, Int)
            let period: ((Int, Int, Int), (Int, Int, Int))
            let amount: Int64
            var testDescription: String { "start \(start), bought \(bought)" }
        }

        @Test("R5 R9 anchor 31 through February", arguments: [
            // 2024 is a leap year: [01-31, 02-29) has 29 days; 14 left → 1,000 × 14 / 29 = 482.76 → 483.
            Case(start: (2024, 1, 31), bought: (2024, 2, 15), period: ((2024, 1, 31), (2024, 2, 29)), amount: 483),
            // [02-29, 03-31): 31 days, bought on its first day → full price.
            Case(start: (2024, 1, 31), bought: (2024, 2, 29), period: ((2024, 2, 29), (2024, 3, 31)), amount: 1_000),
            // 2025: [01-31, 02-28) has 28 days; 14 left → 500.
            Case(start: (2025, 1, 31), bought: (2025, 2, 14), period: ((2025, 1, 31), (2025, 2, 28)), amount: 500),
            // [02-28, 03-31): 31 days; bought on its last day → 1,000 / 31 = 32.26 → 32.
            Case(start: (2025, 1, 31), bought: (2025, 3, 30), period: ((2025, 2, 28), (2025, 3, 31)), amount: 32),
        ])
        func anchor31(_ c: Case) throws {
            let term = try ContractTerm(start: BillingFixtures.day(c.start.0, c.start.1, c.start.2), months: 12)
            let bought = BillingFixtures.day(c.bought.0, c.bought.1, c.bought.2)
            let period = try term.period(containing: bought)
            #expect(term.anchorDay == 31)
            #expect(period.start == BillingFixtures.day(c.period.0.0, c.period.0.1, c.period.0.2))
            #expect(period.end == BillingFixtures.day(c.period.1.0, c.period.1.1, c.period.1.2))
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            let invoices = try builder.invoices(for: period, facts: [.capacityPurchased(day: bought, packs: 1)])
            #expect(invoices.first?.totalMinorUnits == c.amount)
        }

        @Test("R5 a term of 12 periods from the 31st ends on the next 31 January")
        func termEnd() throws {
            let term = try ContractTerm(start: BillingFixtures.day(2024, 1, 31), months: 12)
            #expect(try term.termEnd(containing: BillingFixtures.day(2024, 2, 29)) == BillingFixtures.day(2025, 1, 31))
            #expect(try term.termEnd(containing: BillingFixtures.day(2025, 1, 30)) == BillingFixtures.day(2025, 1, 31))
            #expect(try term.termEnd(containing: BillingFixtures.day(2025, 1, 31)) == BillingFixtures.day(2026, 1, 31))
            let periods = term.periods(startingFrom: term.start, to: BillingFixtures.day(2025, 1, 31))
            #expect(periods.count == 12)
            #expect(zip(periods, periods.dropFirst()).allSatisfy { $0.end == $1.start })
        }

        @Test("I6 days past the calendar's horizon are outside every contract, not a trap")
        func horizon() throws {
            #expect(ContractTerm.horizon == BillingFixtures.day(9999, 11, 1))
            let term = try BillingFixtures.term2026()
            let last = BillingFixtures.day(9999, 12, 31)
            #expect(throws: BillingError.outsideContract(last)) { try term.termEnd(containing: last) }
            let periods = term.periods(startingFrom: BillingFixtures.day(9999, 1, 1), to: last)
            #expect(periods.count == 10)
            #expect(periods.last?.end == ContractTerm.horizon)
        }

        @Test("R5 a clamped start needs its anchor said out loud")
        func clampedStart() throws {
            let april30 = BillingFixtures.day(2025, 4, 30)
            #expect(try ContractTerm(start: april30, months: 1, anchorDay: 31).period(containing: april30).end
                == BillingFixtures.day(2025, 5, 31))
            #expect(try ContractTerm(start: april30, months: 1).anchorDay == 30)
            #expect(throws: BillingError.invalidAnchor(start: BillingFixtures.day(2025, 4, 29), anchorDay: 31)) {
                try ContractTerm(start: BillingFixtures.day(2025, 4, 29), months: 1, anchorDay: 31)
            }
        }
    }
}
