import CreditMeter
import Testing

/// R1, R2, R8: included credits come from the highest subscription and are never summed;
/// the monthly limit is included credits plus capacity.
@Suite("R2 included credits and R8 limits")
struct IncludedCreditsTests {
    static let table: [([Subscription], UInt64)] = [
        ([Subscription(.marketing, .starter)], 500),
        ([Subscription(.sales, .professional)], 3_000),
        ([Subscription(.service, .enterprise)], 5_000),
        ([Subscription(.smartCRM, .professional)], 3_000),
        ([Subscription(.content, .enterprise)], 5_000),
        ([Subscription(.dataHub, .starter)], 500),
        ([Subscription(.dataHub, .professional)], 5_000),
        ([Subscription(.customerPlatform, .enterprise)], 10_000),
        // SPEC example: Marketing Professional + Data Hub Professional gives 5,000, not 8,000.
        ([Subscription(.marketing, .professional), Subscription(.dataHub, .professional)], 5_000),
        ([Subscription(.marketing, .enterprise), Subscription(.dataHub, .professional)], 5_000),
        ([Subscription(.sales, .starter), Subscription(.service, .professional), Subscription(.customerPlatform, .starter)], 3_000),
    ]

    @Test("R2: the highest subscription's credits, never a sum", arguments: table)
    func included(_ subscriptions: [Subscription], _ expected: UInt64) throws {
        #expect(subscriptions.includedCredits == expected)
        let (ledger, _) = Fixtures.ledger()
        try Fixtures.open(ledger, 1, subscriptions: subscriptions)
        #expect(ledger.snapshot(of: AccountID(1))?.monthlyLimit == expected)
    }

    @Test("R8: monthly limit = included + purchased capacity", arguments: [0, 1, 3, 25])
    func limitAddsCapacity(packs: Int) throws {
        let (ledger, _) = Fixtures.ledger()
        try Fixtures.open(ledger, 1, subscriptions: [Subscription(.marketing, .enterprise)], packs: packs)
        let snapshot = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(snapshot.monthlyLimit == 5_000 + UInt64(packs) * 1_000)
        #expect(snapshot.hardLimit == (packs == 0 ? 5_000 : nil))
    }
}
