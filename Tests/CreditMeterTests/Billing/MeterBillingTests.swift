import CreditMeter
import Testing

extension BillingTests {
    /// R15, I6: the billing calls on a running meter convert, refuse with typed errors, and
    /// leave the account untouched when they refuse.
    @Suite("R15 I6 billing on a running meter")
    struct MeterBillingTests {
        @Test("R15 legacy packs migrate into the limit", arguments: [
            ([100, 100], UInt64(6_000)), ([1_000], 15_000), ([10_000, 100], 128_000), ([], 0),
        ] as [([Int], UInt64)])
        func migrate(sizes: [Int], credits: UInt64) async throws {
            let (meter, _, id) = try await BillingFixtures.openAccount(3, Subscription(.marketing, .professional))
            #expect(try await meter.migrateLegacyPacks(id, sizes: sizes) == credits)
            #expect(meter.ledger.snapshot(of: id)?.monthlyLimit == 3_000 + credits)
        }

        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let matches: @Sendable (BillingError) -> Bool
            let run: @Sendable (Meter, AccountID) async throws -> Void
            var testDescription: String { name }

            init(name: String, error: BillingError, run: @escaping @Sendable (Meter, AccountID) async throws -> Void) {
                self.init(name: name, matches: { $0 == error }, run: run)
            }

            init(name: String, matches: @escaping @Sendable (BillingError) -> Bool,
                 run: @escaping @Sendable (Meter, AccountID) async throws -> Void) {
                self.name = name
                self.matches = matches
                self.run = run
            }
        }

        static let unknown = AccountID(999)

        static let cases: [Case] = [
            Case(name: "unknown legacy pack size", error: .unknownLegacyPackSize(500)) { meter, id in
                try await meter.migrateLegacyPacks(id, sizes: [100, 500])
            },
            // Found by a review: with no packs to migrate, an unknown account returned 0.
            Case(name: "no legacy packs for an unknown account", error: .unknownAccount(unknown)) { meter, _ in
                try await meter.migrateLegacyPacks(unknown, sizes: [])
            },
            // The engine's wording is its own; the kind of refusal is what billing promises.
            Case(name: "downgrade of more packs than held", matches: {
                if case .engine(.invalidQuantity) = $0 { true } else { false }
            }) { meter, id in
                _ = try await meter.scheduleDowngrade(id, packs: 2, term: try BillingFixtures.term2026())
            },
            Case(name: "downgrade before the contract", error: .outsideContract(BillingFixtures.day(2026, 1, 1))) { meter, id in
                let later = try ContractTerm(start: BillingFixtures.day(2026, 2, 1), months: 12)
                _ = try await meter.scheduleDowngrade(id, packs: 1, term: later)
            },
            // Found by a review: the removal landed on the account's next period start,
            // after the term's end, while the call reported the term's end.
            Case(name: "downgrade under a term on another anchor day",
                 error: .invalidAnchor(start: BillingFixtures.day(2026, 1, 15), anchorDay: 15)) { meter, id in
                _ = try await meter.scheduleDowngrade(id, packs: 1, term: try ContractTerm(start: BillingFixtures.day(2026, 1, 15), months: 12))
            },
            Case(name: "downgrade of an unknown account", error: .unknownAccount(unknown)) { meter, _ in
                _ = try await meter.scheduleDowngrade(unknown, packs: 1, term: try BillingFixtures.term2026())
            },
            Case(name: "invoices of an unknown account", error: .unknownAccount(unknown)) { meter, _ in
                _ = try meter.invoices(for: unknown, priceBook: try BillingFixtures.usd(), term: try BillingFixtures.term2026(),
                                       from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2026, 2, 1))
            },
            // Found by a review: a term on another anchor day than the account's made its
            // downgrades land up to a month after the term's end (R14).
            Case(name: "billing terms on another anchor day",
                 error: .invalidAnchor(start: BillingFixtures.day(2026, 1, 15), anchorDay: 15)) { meter, id in
                try await meter.setBilling(id, priceBook: try BillingFixtures.usd(),
                                           term: try ContractTerm(start: BillingFixtures.day(2026, 1, 15), months: 12))
            },
            // Found by a review: facts from before the term's start made every invoice throw.
            Case(name: "billing terms starting after the account's first purchase",
                 error: .outsideContract(BillingFixtures.day(2026, 1, 1))) { meter, id in
                try await meter.setBilling(id, priceBook: try BillingFixtures.usd(),
                                           term: try ContractTerm(start: BillingFixtures.day(2026, 2, 1), months: 12))
            },
            Case(name: "report of an unknown account", error: .unknownAccount(unknown)) { meter, _ in
                _ = try meter.usageReport(for: unknown)
            },
            Case(name: "report range ending before it starts",
                 error: .invalidDateRange(from: BillingFixtures.day(2026, 1, 9), to: BillingFixtures.day(2026, 1, 2))) { meter, id in
                _ = try meter.usageReport(for: id, from: BillingFixtures.day(2026, 1, 9), to: BillingFixtures.day(2026, 1, 2))
            },
        ]

        @Test("I6 a refused billing call is a typed error and changes nothing", arguments: cases)
        func refused(_ c: Case) async throws {
            let (meter, _, id) = try await BillingFixtures.openAccount(5, Subscription(.marketing, .professional))
            try await meter.buyCapacity(id, packs: 1)
            let before = meter.ledger.snapshot(of: id)
            let facts = meter.ledger.billingFacts(of: id)
            let error = await #expect(throws: BillingError.self) { try await c.run(meter, id) }
            #expect(error.map(c.matches) == true, "unexpected \(String(describing: error))")
            #expect(meter.ledger.snapshot(of: id) == before)
            #expect(meter.ledger.billingFacts(of: id) == facts)
        }

        /// Found by a review: with no billing fact yet, a term starting after the account's
        /// first period was accepted, and that period's close then made every invoice call
        /// throw `notAContractPeriod`.
        @Test("R22 billing terms must cover the account's first period, even before any fact")
        func termCoversTheFirstPeriod() async throws {
            let clock = MeterClock.manual(start: BillingFixtures.day(2026, 1, 15))
            let meter = Meter(catalog: Fixtures.catalog, clock: clock)
            let id = AccountID(4)
            try await meter.open(AccountSpec(id: id, subscriptions: [Subscription(.marketing, .starter)], anchorDay: 1))
            #expect(meter.ledger.billingFacts(of: id).isEmpty)
            let late = try ContractTerm(start: BillingFixtures.day(2026, 2, 1), months: 12)
            await #expect(throws: BillingError.outsideContract(BillingFixtures.day(2026, 1, 1))) {
                try await meter.setBilling(id, priceBook: try BillingFixtures.usd(), term: late)
            }
            #expect(await meter.billingTerms(of: id) == nil)
            try await meter.setBilling(id, priceBook: BillingFixtures.usd(), term: BillingFixtures.term2026())
            clock.advance(days: 20)  // closes January
            let invoices = try await meter.invoices(for: id, from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2026, 3, 1))
            #expect(invoices.isEmpty)  // no packs, no overage: nothing to bill
        }

        /// Found by a review: `invoices` refused a closed account, so the overage that
        /// closing bills (R11) could not be invoiced; and the closed account's packs were
        /// still billed in every later period.
        @Test("R11 R22 a closed account's last period is invoiced, and its packs are billed no more")
        func closedAccount() async throws {
            let clock = MeterClock.manual(start: BillingFixtures.day(2026, 1, 1))
            let meter = Meter(catalog: Fixtures.catalog, clock: clock)
            let id = AccountID(9)
            try await meter.open(AccountSpec(id: id, subscriptions: [Subscription(.marketing, .starter)], anchorDay: 1,
                                             capacityPacks: 1, overageMode: .payAsYouGo))  // limit 1,500
            try await meter.setBilling(id, priceBook: BillingFixtures.usd(), term: BillingFixtures.term2026())
            let ten = Fixtures.feature(meter.ledger, "ten")
            for _ in 0..<200 { _ = meter.ledger.debit(account: id, feature: ten) }  // 2,000 credits
            clock.advance(days: 10)
            try await meter.close(id)
            clock.advance(days: 100)
            let invoices = try await meter.invoices(for: id, from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2027, 1, 1))
            // One pack for January, and 500 credits over at 3 minor units per 2 credits.
            #expect(invoices.map(\.kind) == [.capacity, .overage])
            #expect(invoices.map(\.totalMinorUnits) == [1_000, 750])
            // Reopened, even straight on the ledger, the id is a new account: the closed
            // one's contract does not price it.
            _ = try meter.ledger.open(AccountSpec(id: id, subscriptions: [Subscription(.marketing, .starter)]))
            #expect(await meter.billingTerms(of: id) == nil)
            await #expect(throws: BillingError.missingBillingTerms(id)) {
                try await meter.invoices(for: id, from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2027, 1, 1))
            }
            #expect(throws: BillingError.unknownAccount(AccountID(10))) {
                try meter.invoices(for: AccountID(10), priceBook: BillingFixtures.usd(), term: BillingFixtures.term2026(),
                                         from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2027, 1, 1))
            }
        }
    }
}
