import CreditMeter
import Testing

extension BillingTests {
    /// R14: a downgrade waits for the end of the term; the limit keeps the packs until then
    /// and the renewal applies it.
    @Suite("R14 downgrades at the term end")
    struct DowngradeTests {
        static let bought: [BillingFact] = [.capacityPurchased(day: BillingFixtures.day(2026, 1, 1), packs: 3)]

        @Test("R14 requested before the term end, seen only after it, through the engine", arguments: [
            (6, 10), (12, 31), (1, 1),
        ])
        func throughTheEngine(month: Int, day: Int) async throws {
            let (meter, clock, id) = try await BillingFixtures.openAccount(7, Subscription(.marketing, .professional))
            let term = try BillingFixtures.term2026()
            try await meter.buyCapacity(id, packs: 3)
            clock.set(to: BillingFixtures.day(2026, month, day))
            #expect(try await meter.scheduleDowngrade(id, packs: 2, term: term) == BillingFixtures.day(2027, 1, 1))

            clock.set(to: BillingFixtures.day(2026, 12, 31))
            #expect(meter.ledger.snapshot(of: id)?.monthlyLimit == 3_000 + 3 * 1_000)
            clock.set(to: BillingFixtures.day(2027, 1, 1))
            #expect(meter.ledger.snapshot(of: id)?.monthlyLimit == 3_000 + 1 * 1_000)

            let invoices = try meter.invoices(for: id, priceBook: try BillingFixtures.usd(), term: term,
                                              from: BillingFixtures.day(2026, 12, 1), to: BillingFixtures.day(2027, 2, 1))
            #expect(invoices.map(\.totalMinorUnits) == [3_000, 1_000])
            #expect(invoices.map(\.period.start) == [BillingFixtures.day(2026, 12, 1), BillingFixtures.day(2027, 1, 1)])
        }

        /// Found by a review: February was invoiced in January at three packs, before the
        /// scheduled downgrade to one became a fact, and looked as final as a closed period.
        @Test("R14, R22 a period is invoiced once it has begun, as a draft until it closes")
        func onlyBegunPeriods() async throws {
            let (meter, clock, id) = try await BillingFixtures.openAccount(40, Subscription(.marketing, .professional))
            let term = try ContractTerm(start: BillingFixtures.day(2026, 1, 1), months: 1)
            try await meter.buyCapacity(id, packs: 3)
            clock.set(to: BillingFixtures.day(2026, 1, 10))
            #expect(try await meter.scheduleDowngrade(id, packs: 2, term: term) == BillingFixtures.day(2026, 2, 1))
            func invoices(_ month: Int) throws -> [Invoice] {
                try meter.invoices(for: id, priceBook: try BillingFixtures.usd(), term: term,
                                   from: BillingFixtures.day(2026, month, 1), to: BillingFixtures.day(2026, month + 1, 1))
            }
            #expect(try invoices(2).isEmpty)
            let january = try invoices(1)
            #expect(january.map(\.totalMinorUnits) == [3_000] && january.map(\.isFinal) == [false])

            clock.set(to: BillingFixtures.day(2026, 2, 1))
            #expect(try invoices(1).map(\.isFinal) == [true])
            #expect(try invoices(1).map(\.totalMinorUnits) == january.map(\.totalMinorUnits))
            let february = try invoices(2)
            #expect(february.map(\.totalMinorUnits) == [1_000] && february.map(\.isFinal) == [false])
            clock.set(to: BillingFixtures.day(2026, 3, 1))
            #expect(try invoices(2).map(\.totalMinorUnits) == [1_000] && (try invoices(2)).map(\.isFinal) == [true])
        }

        @Test("R14 a removal fact lowers the packs carried from its day on", arguments: [
            (2026, 12, 31, 3), (2027, 1, 1, 1), (2027, 6, 1, 1),
        ])
        func heldUntilTermEnd(year: Int, month: Int, day: Int, packs: Int) throws {
            let facts = Self.bought + [.capacityRemoved(day: BillingFixtures.day(2027, 1, 1), packs: 2)]
            let schedule = try CapacitySchedule(term: try BillingFixtures.term2026(), facts: facts)
            #expect(schedule.packs(on: BillingFixtures.day(year, month, day)) == packs)
        }

        @Test("R14 a contract that does not renew bills nothing after its end")
        func noRenewal() throws {
            let term = try ContractTerm(start: BillingFixtures.day(2026, 1, 1), months: 12, renewal: .endAtTermEnd)
            let builder = InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: term)
            let after = UsagePeriod(start: BillingFixtures.day(2027, 1, 1), end: BillingFixtures.day(2027, 2, 1))
            let facts = Self.bought + [.periodClosed(period: after, usage: 9_000, monthlyLimit: 6_000, mode: .payAsYouGo)]
            #expect(term.end == BillingFixtures.day(2027, 1, 1))
            let all = try builder.invoices(from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2028, 1, 1), facts: facts)
            #expect(all.count == 12)
            #expect(all.last?.period.end == BillingFixtures.day(2027, 1, 1))
        }

        @Test("R14 a removal of more packs than held is refused")
        func tooMany() throws {
            let facts = Self.bought + [.capacityRemoved(day: BillingFixtures.day(2027, 1, 1), packs: 4)]
            #expect(throws: BillingError.downgradeExceedsHeldPacks(requested: 4, held: 3)) {
                try CapacitySchedule(term: try BillingFixtures.term2026(), facts: facts)
            }
        }
    }
}
