import CreditMeter
import Testing

extension BillingTests {
    /// R14: a downgrade waits for the end of the term; the limit keeps the packs until then
    /// and the renewal applies it.
    @Suite("R14 downgrades at the term end")
    struct DowngradeTests {
        static let bought: [BillingFact] = [.capacityPurchased(day: BillingFixtures.day(2026, 1, 1), packs: 3)]

        @Test("R14 packs held around the term end, by request day", arguments: [
            (6, 10), (12, 31), (1, 1),
        ])
        func heldUntilTermEnd(month: Int, day: Int) throws {
            let term = try BillingFixtures.term2026()
            let downgrade = try Downgrade(requestedOn: BillingFixtures.day(2026, month, day), packs: 2)
            let schedule = try CapacitySchedule(term: term, facts: Self.bought, downgrades: [downgrade])
            #expect(try term.termEnd(containing: downgrade.requestedOn) == BillingFixtures.day(2027, 1, 1))
            #expect(schedule.packs(on: downgrade.requestedOn) == 3)
            #expect(schedule.packs(on: BillingFixtures.day(2026, 12, 31)) == 3)
            #expect(schedule.packs(on: BillingFixtures.day(2027, 1, 1)) == 1)
        }

        @Test("R14 the renewal invoice carries the packs left after the downgrade", arguments: [
            (2026, 12, Int64(3_000)), (2027, 1, 1_000), (2027, 6, 1_000),
        ])
        func invoicedAfterRenewal(year: Int, month: Int, carried: Int64) throws {
            let term = try BillingFixtures.term2026()
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            let downgrade = try Downgrade(requestedOn: BillingFixtures.day(2026, 6, 10), packs: 2)
            let period = try term.period(containing: BillingFixtures.day(year, month, 1))
            let invoices = try builder.invoices(for: period, facts: Self.bought, downgrades: [downgrade])
            #expect(invoices.first?.lines.map(\.kind) == [.packsCarried])
            #expect(invoices.first?.totalMinorUnits == carried)
        }

        @Test("R14 a contract that does not renew bills nothing after its end")
        func noRenewal() throws {
            let term = try ContractTerm(start: BillingFixtures.day(2026, 1, 1), months: 12, renewal: .endAtTermEnd)
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            #expect(term.end == BillingFixtures.day(2027, 1, 1))
            let all = try builder.invoices(from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2028, 1, 1), facts: Self.bought)
            #expect(all.count == 12)
            #expect(all.last?.period.end == BillingFixtures.day(2027, 1, 1))
        }

        @Test("R14 removing more packs than held at the term end is refused")
        func tooMany() throws {
            let term = try BillingFixtures.term2026()
            let downgrades = [try Downgrade(requestedOn: BillingFixtures.day(2026, 3, 1), packs: 2),
                              try Downgrade(requestedOn: BillingFixtures.day(2026, 4, 1), packs: 2)]
            #expect(throws: BillingError.downgradeExceedsHeldPacks(requested: 4, held: 3)) {
                try CapacitySchedule(term: term, facts: Self.bought, downgrades: downgrades)
            }
        }
    }
}
