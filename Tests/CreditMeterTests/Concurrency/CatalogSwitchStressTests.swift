import CreditMeter
import Synchronization
import Testing

/// R16: replacing the catalog takes effect at one instant for every debit path.
@Suite("Catalog replacement racing debits", .serialized)
struct CatalogSwitchStressTests {
    /// A catalog whose `unit` costs `rate` credits from the catalog start on.
    static func catalog(rate: UInt32) throws -> FeatureCatalog {
        try FeatureCatalog(features: [
            Feature(key: "unit", name: "Unit", category: .workflowCRM, rates: [FeatureRate(from: Fixtures.catalogStart, credits: rate)]),
            Feature(key: "ten", name: "Ten", category: .aiAgent, rates: [FeatureRate(from: Fixtures.catalogStart, credits: 10)]),
        ])
    }

    @Test("R16: prices only rise while the catalog is repriced upwards, on the fast and the checked path alike")
    func noDebitSeesAnOlderCatalogAfterANewerOne() throws {
        let (ledger, _) = Fixtures.ledger()
        try ledger.replaceCatalog(Self.catalog(rate: 1))
        let unit = Fixtures.feature(ledger, "unit")
        // Account 1 takes the fast path; account 2, which has a grace window on another
        // feature, always takes the checked path.
        let fast = try Fixtures.open(ledger, 1, packs: 100_000)
        let checked = try Fixtures.open(ledger, 2, packs: 100_000)
        try ledger.setGraceWindow(Fixtures.feature(ledger, "ten"), for: AccountID(2),
                                  GraceWindow(from: Fixtures.start, until: Fixtures.start.adding(days: 1)))
        let catalogs = try (2...300).map { try Self.catalog(rate: UInt32($0)) }
        let done = Atomic<Bool>(false)
        let debitCount = Atomic<Int>(0)
        let outcomes = Stress.run(threads: 4) { index -> (debits: Int, drops: Int) in
            if index == 0 {
                for catalog in catalogs {
                    // Let a few hundred debits run under each catalog.
                    let seen = debitCount.load(ordering: .relaxed)
                    while debitCount.load(ordering: .relaxed) < seen + 300 {}
                    try? ledger.replaceCatalog(catalog)
                }
                done.store(true, ordering: .releasing)
                return (0, 0)
            }
            var highest: UInt64 = 0, drops = 0, debits = 0
            while !done.load(ordering: .acquiring) {
                for handle in [fast, checked] {
                    let charged = ledger.debit(handle, feature: unit).charged
                    if charged < highest { drops += 1 }
                    highest = max(highest, charged)
                    debits += 1
                }
                debitCount.add(2, ordering: .relaxed)
            }
            return (debits, drops)
        }
        #expect(outcomes.map(\.drops) == [0, 0, 0, 0])
        #expect(outcomes.dropFirst().allSatisfy { $0.debits > 0 })
        #expect(ledger.debit(fast, feature: unit).charged == 300)
        #expect(ledger.debit(checked, feature: unit).charged == 300)
    }
}
