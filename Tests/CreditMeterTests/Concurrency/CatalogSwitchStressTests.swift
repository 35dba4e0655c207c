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

    /// The repricing thread: waits until all `workers` have checked in on `started` (each
    /// does so after its first debits, so none can start only once repricing is over), then
    /// installs each catalog in turn once `every` more debits were counted in `debits` under
    /// the one before, then sets `done`.
    static func reprice(_ ledger: Ledger, through catalogs: [FeatureCatalog], every: Int, workers: Int,
                        started: borrowing Atomic<Int>, debits: borrowing Atomic<Int>, done: borrowing Atomic<Bool>) {
        Stress.spin { started.load(ordering: .acquiring) == workers }
        for catalog in catalogs {
            let seen = debits.load(ordering: .relaxed)
            Stress.spin { debits.load(ordering: .relaxed) >= seen + every }
            // A replacement that failed would leave the old prices in force, and the tests'
            // final price checks catch that; `try!` would only trade the report for a trap.
            do { try ledger.replaceCatalog(catalog) } catch { break }
        }
        done.store(true, ordering: .releasing)
    }

    @Test("R16: prices only rise while the catalog is repriced upwards, on the fast and the checked path alike")
    func noDebitSeesAnOlderCatalogAfterANewerOne() async throws {
        let (ledger, _) = Fixtures.ledger()
        try ledger.replaceCatalog(Self.catalog(rate: 1))
        let unit = Fixtures.feature(ledger, "unit")
        // Account 1 takes the fast path; account 2, which has a grace window on another
        // feature, always takes the checked path.
        let fast = try Fixtures.open(ledger, 1, packs: 100_000)
        let checked = try Fixtures.open(ledger, 2, packs: 100_000)
        try Fixtures.forceCheckedPath(ledger, 2)
        let catalogs = try (2...300).map { try Self.catalog(rate: UInt32($0)) }
        let done = Atomic<Bool>(false)
        let debitCount = Atomic<Int>(0)
        let started = Atomic<Int>(0)
        let drops = try await Stress.run(threads: 4) { index -> Int in
            if index == 0 {
                Self.reprice(ledger, through: catalogs, every: 300, workers: 3, started: started, debits: debitCount, done: done)
                return 0
            }
            var highest: UInt64 = 0, drops = 0, first = true
            repeat {
                for handle in [fast, checked] {
                    let charged = ledger.debit(handle, feature: unit).charged
                    if charged < highest { drops += 1 }
                    highest = max(highest, charged)
                }
                debitCount.add(2, ordering: .relaxed)
                if first { started.add(1, ordering: .releasing); first = false }
            } while !done.load(ordering: .acquiring)
            return drops
        }
        #expect(drops == [0, 0, 0, 0])
        #expect(ledger.debit(fast, feature: unit).charged == 300)
        #expect(ledger.debit(checked, feature: unit).charged == 300)
    }

    /// Found by a review: the fast path read the catalog before `state` and kept it across
    /// a lost CAS, so a debit priced by the old catalog could commit after one that started
    /// after the replacement, at the new price. In usage order (the order of the CASes on
    /// one account) prices must never fall.
    @Test("R16, I4: on one hot account, in usage order, a price never falls while the catalog is repriced upwards")
    func pricesFollowUsageOrder() async throws {
        let (ledger, _) = Fixtures.ledger()
        try ledger.replaceCatalog(Self.catalog(rate: 1))
        let unit = Fixtures.feature(ledger, "unit")
        let fast = try Fixtures.open(ledger, 1, packs: 1_000_000, mode: .payAsYouGo)
        let checked = try Fixtures.open(ledger, 2, packs: 1_000_000, mode: .payAsYouGo)
        try Fixtures.forceCheckedPath(ledger, 2)
        let catalogs = try (2...600).map { try Self.catalog(rate: UInt32($0)) }
        let done = Atomic<Bool>(false)
        let debitCount = Atomic<Int>(0)
        let started = Atomic<Int>(0)
        let outcomes = try await Stress.run(threads: 4) { index -> [(account: Int, charged: UInt64, after: UInt64)] in
            if index == 0 {
                Self.reprice(ledger, through: catalogs, every: 100, workers: 3, started: started, debits: debitCount, done: done)
                return []
            }
            var seen: [(account: Int, charged: UInt64, after: UInt64)] = [], first = true
            repeat {
                for (account, handle) in [(1, fast), (2, checked)] {
                    if case .accepted(let charged, let after, _) = ledger.debit(handle, feature: unit) {
                        seen.append((account, charged, after))
                    }
                }
                debitCount.add(2, ordering: .relaxed)
                if first { started.add(1, ordering: .releasing); first = false }
            } while !done.load(ordering: .acquiring)
            return seen
        }
        for account in [1, 2] {
            let ordered = outcomes.joined().filter { $0.account == account }.sorted { $0.after < $1.after }
            let falls = zip(ordered, ordered.dropFirst()).filter { $0.1.charged < $0.0.charged }.count
            #expect(falls == 0, "account \(account): \(falls) of \(ordered.count) debits priced lower than the one before")
            #expect(ordered.count > 1_000)
            // Found by a review: without these, an engine that ignored every replacement
            // (all debits at 1 credit) passed. Each catalog was in force for 100 debits.
            #expect(Set(ordered.map(\.charged)).count >= 100, "account \(account) saw too few prices")
        }
        #expect(ledger.debit(fast, feature: unit).charged == 600)
        #expect(ledger.debit(checked, feature: unit).charged == 600)
    }
}
