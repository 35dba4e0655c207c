import CreditMeter
import MeterTools
import Synchronization
import Testing

/// The account registry: 4-byte entries with a fingerprint, ids confirmed on the bucket.
@Suite("Account registry", .serialized)
struct RegistryTests {
    @Test("ids that collide in the hash's low bits and fingerprints all resolve; unknown ids do not")
    func collisions() throws {
        let (ledger, _) = Fixtures.ledger()
        // Ids differing only in high bits, and a dense run, give many probe collisions.
        let ids = (1...6_000).map { UInt64($0) << 40 } + (1...6_000).map { UInt64($0) }
        for id in ids { try Fixtures.open(ledger, id) }
        for id in ids {
            #expect(ledger.handle(for: AccountID(id))?.id == AccountID(id))
        }
        for id in [UInt64(6_001), 6_001 << 40, 3 << 39, .max] {
            #expect(ledger.handle(for: AccountID(id)) == nil)
            #expect(ledger.debit(account: AccountID(id), feature: Fixtures.feature(ledger, "unit")) == .refused(.unknownAccount))
        }
    }

    @Test("lookups racing table growth never miss an account that was already open")
    func growthUnderReaders() throws {
        let (ledger, _) = Fixtures.ledger()
        let total = 60_000
        let opened = Atomic<Int>(0)
        let misses = Stress.run(threads: 4) { index -> Int in
            if index == 0 {
                for id in 1...total {
                    _ = try? Fixtures.open(ledger, UInt64(id))
                    opened.store(id, ordering: .releasing)
                }
                return 0
            }
            var rng = Xoshiro256(seed: UInt64(index))
            var misses = 0
            while opened.load(ordering: .acquiring) < total {
                let known = opened.load(ordering: .acquiring)
                guard known > 0 else { continue }
                let id = UInt64.random(in: 1...UInt64(known), using: &rng)
                if ledger.handle(for: AccountID(id))?.id != AccountID(id) { misses += 1 }
            }
            return misses
        }
        #expect(misses == [0, 0, 0, 0])
        #expect(ledger.accountCount == total)
    }

    @Test("batches by id racing table growth resolve every account already open, colliding ids included")
    func batchesDuringGrowth() throws {
        let (ledger, _) = Fixtures.ledger()
        let unit = Fixtures.feature(ledger, "unit")
        // Ids differing only in high bits collide in the hash's low bits and fingerprints.
        let ids = (1...20_000).map { UInt64($0).isMultiple(of: 2) ? UInt64($0) << 40 : UInt64($0) }
        let opened = Atomic<Int>(0)
        let outcomes = Stress.run(threads: 4) { index -> (misses: Int, accepted: [UInt64: UInt64]) in
            if index == 0 {
                for (count, id) in ids.enumerated() {
                    _ = try? Fixtures.open(ledger, id, packs: 1_000)  // room for every debit
                    opened.store(count + 1, ordering: .releasing)
                }
                return (0, [:])
            }
            var rng = Xoshiro256(seed: UInt64(index))
            var misses = 0
            var accepted: [UInt64: UInt64] = [:]
            while opened.load(ordering: .acquiring) < ids.count {
                let known = opened.load(ordering: .acquiring)
                guard known > 0 else { continue }
                let picks = (0..<64).map { _ in ids[Int.random(in: 0..<known, using: &rng)] }
                for (id, decision) in zip(picks, ledger.decisions(for: picks.map { Debit(account: AccountID($0), feature: unit) })) {
                    if decision.isAccepted { accepted[id, default: 0] += 1 } else { misses += 1 }
                }
            }
            return (misses, accepted)
        }
        #expect(outcomes.map(\.misses) == [0, 0, 0, 0])
        let accepted = outcomes.reduce(into: [UInt64: UInt64]()) { $0.merge($1.accepted, uniquingKeysWith: +) }
        #expect(accepted.isEmpty == false)
        for id in ids { #expect(ledger.usage(id) == (accepted[id] ?? 0)) }
    }
}
