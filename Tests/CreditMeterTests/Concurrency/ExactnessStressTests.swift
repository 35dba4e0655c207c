import CreditMeter
import MeterTools
import Synchronization
import Testing

/// I1, I2, I3, I5 under real concurrency: 8 OS threads, hot accounts, demand above limits.
@Suite("I1-I5 exactness under 8 threads", .serialized)
struct ExactnessStressTests {
    @Test("I1, I2: one hot account, unit debits: usage ends exactly at the limit, each unit once")
    func hotAccount() async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        let handle = try Fixtures.open(ledger, 1, subscriptions: [Subscription(.customerPlatform, .enterprise)])  // 10,000, hard stop
        let unit = Fixtures.feature(ledger, "unit")
        let attempts = 60_000 * Stress.scale
        // While the capacity lasts (and as long again), short rounds each behind a barrier
        // that releases every thread together, so that threads interleave on the account even
        // when they outnumber the CPUs (overlap is made likely, not asserted: nothing here
        // depends on scheduling). Then the rest of the attempts, all refused, run freely.
        let perRound = 25, rounds = 100  // 8 x 100 x 25 = 20,000 attempts for 10,000 credits
        let barrier = Stress.Barrier(parties: Stress.threads)
        let tally = try await Tally.merged(Stress.run { _ in
            var tally = Tally()
            for round in 0..<rounds {
                barrier.arriveAndWait(round: round)
                for _ in 0..<perRound { tally.note(1, ledger.debit(handle, feature: unit), keepUsage: true) }
            }
            for _ in rounds * perRound..<attempts { tally.note(1, ledger.debit(handle, feature: unit), keepUsage: true) }
            return tally
        })
        #expect(tally.accepted[1] == 10_000)
        #expect(ledger.usage(1) == 10_000)
        #expect(tally.refused == [.limitReached: Stress.threads * attempts - 10_000])
        // Each unit of capacity went to exactly one debit: the usages after are 1...10,000.
        #expect(tally.usageAfter.sorted() == Array(1...10_000))
        let seen = try await EventDrain.collect(events, ledger: ledger)
        #expect(seen.map(\.kind) == [.usageReached(percent: 75), .usageReached(percent: 85), .usageReached(percent: 90),
                                     .usageReached(percent: 100), .limitExceeded(.paused)])
        #expect(ledger.auditInvariants().isEmpty)
    }

    /// How ``manyAccounts(_:)`` spreads its debits.
    enum Traffic: String, CaseIterable, Sendable {
        /// 10,000 accounts picked at random: every account, rarely two threads at once.
        case random
        /// 16 accounts that every thread debits in the same order, rounds released together
        /// by a barrier, so each threshold is crossed with all threads on its account (found
        /// by a review: at random over 10,000 accounts, R20 was hardly ever contended).
        case lockstep

        var accounts: Int { self == .random ? 10_000 : 16 }
    }

    @Test("I1, I2, I5: accounts driven past their limits: each ends exactly at it, each event once", arguments: Traffic.allCases)
    func manyAccounts(_ traffic: Traffic) async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        let accounts = traffic.accounts
        for id in 1...accounts { try Fixtures.open(ledger, UInt64(id)) }  // 500 each, hard stop
        let ten = Fixtures.feature(ledger, "ten")
        let perThread = 150_000 * Stress.scale  // 1.2M attempts for 500k capacity
        let rounds = 10 * Stress.scale  // 8 threads × 10 credits a round: 800 credits an account
        let barrier = Stress.Barrier(parties: Stress.threads)
        let tally = try await Tally.merged(Stress.run { index in
            var rng = Xoshiro256(seed: UInt64(index) &+ 1)
            var tally = Tally()
            switch traffic {
            case .random:
                for _ in 0..<perThread {
                    let id = UInt64.random(in: 1...UInt64(accounts), using: &rng)
                    tally.note(id, ledger.debit(account: AccountID(id), feature: ten))
                }
            case .lockstep:
                for round in 0..<rounds {
                    barrier.arriveAndWait(round: round)
                    for id in 1...UInt64(accounts) { tally.note(id, ledger.debit(account: AccountID(id), feature: ten)) }
                }
            }
            return tally
        })
        var exact = 0
        for id in 1...UInt64(accounts) where ledger.usage(id) == 500 && tally.accepted[id] == 500 { exact += 1 }
        #expect(exact == accounts)
        #expect(Set(tally.refused.keys) == [.limitReached])
        let seen = try await EventDrain.collect(events, ledger: ledger)
        #expect(ledger.droppedEvents == 0)
        #expect(seen.count == accounts * 5)
        // Every account has each of its five events exactly once: none missing (an account
        // without events would be absent from the grouping), none doubled, nothing else.
        let expected: [MeterEvent.Kind: Int] = [.usageReached(percent: 75): 1, .usageReached(percent: 85): 1, .usageReached(percent: 90): 1,
                                                .usageReached(percent: 100): 1, .limitExceeded(.paused): 1]
        let perAccount = Dictionary(grouping: seen, by: \.account).mapValues { events in
            events.reduce(into: [MeterEvent.Kind: Int]()) { $0[$1.kind, default: 0] += 1 }
        }
        #expect(Set(perAccount.keys) == Set((1...UInt64(accounts)).map { AccountID($0) }))
        let wrong = perAccount.filter { $0.value != expected }
        #expect(wrong.isEmpty, "\(wrong.count) accounts with other events than the five, e.g. \(Array(wrong.prefix(2)))")
        #expect(ledger.auditInvariants().isEmpty)
    }

    @Test("I1, I2: batches by id and through handles on 8 threads over 16 hot accounts end exactly at the limits")
    func batchesOnHotAccounts() async throws {
        let (ledger, _) = Fixtures.ledger()
        let accounts = 16
        let handles = try (1...accounts).map { try Fixtures.open(ledger, UInt64($0)) }  // 500 each, hard stop
        let unit = Fixtures.feature(ledger, "unit")
        let batches = 100 * Stress.scale  // 8 threads x 100 x 100 credits: 80,000 asked for 8,000
        let tally = try await Tally.merged(Stress.run { index in
            var rng = Xoshiro256(seed: UInt64(index) &+ 7)
            var tally = Tally()
            for round in 0..<batches {
                let picks = (0..<100).map { _ in Int.random(in: 0..<accounts, using: &rng) }
                let decisions = (index + round).isMultiple(of: 2)
                    ? ledger.decisions(for: picks.map { Debit(account: AccountID(UInt64($0 + 1)), feature: unit) })
                    : ledger.decisions(for: picks.map { HandleDebit(handle: handles[$0], feature: unit) })
                for (pick, decision) in zip(picks, decisions) { tally.note(UInt64(pick + 1), decision) }
            }
            return tally
        })
        for id in 1...UInt64(accounts) {
            #expect(tally.accepted[id] == 500)
            #expect(ledger.usage(id) == 500)
        }
        #expect(tally.refused == [.limitReached: Stress.threads * batches * 100 - accounts * 500])
        #expect(ledger.auditInvariants().isEmpty)
    }

    @Test("R11, I5: auto-upgrade under contention adds exactly the packs needed, each once")
    func autoUpgradeUnderContention() async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        let handle = try Fixtures.open(ledger, 1, packs: 1, cap: 200_000)  // limit 1,500, auto-upgrade, cap 200,000
        let unit = Fixtures.feature(ledger, "unit")
        let tally = try await Tally.merged(Stress.run { index in
            var tally = Tally()
            for step in 0..<60_000 * Stress.scale {
                tally.note(1, ledger.debit(handle, feature: unit, quantity: UInt32(1 + (step + index) % 3)))
            }
            return tally
        })
        let snapshot = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(snapshot.usage == tally.accepted[1])
        // I2: every thread keeps sending 1-credit debits long after the cap is near, so
        // none of the cap's credits is left (found by a review: the test allowed 2 unused).
        #expect(snapshot.usage == 200_000)
        #expect(Set(tally.refused.keys) == [.capReached])
        // R11: 198,500 credits past the included 1,500 need 199 packs of 1,000.
        let needed = 199
        #expect(snapshot.upgradedPacks == needed)
        #expect(snapshot.monthlyLimit == 200_500)
        let seen = try await EventDrain.collect(events, ledger: ledger)
        let upgraded = seen.reduce(0) { total, event in
            if case .autoUpgraded(let packs, _) = event.kind { return total + packs }
            return total
        }
        #expect(upgraded == needed)
        let onceKinds: [MeterEvent.Kind] = [.usageReached(percent: 75), .usageReached(percent: 85), .usageReached(percent: 90),
                                            .usageReached(percent: 100), .limitExceeded(.upgraded), .capApproaching]
        for kind in onceKinds { #expect(seen.filter { $0.kind == kind }.count == 1) }
        #expect(ledger.auditInvariants().isEmpty)
    }

    @Test("I3: usage by feature and the usage log equal the accepted debits after a mixed run")
    func conservationUnderLoad() async throws {
        let (ledger, _) = Fixtures.ledger()
        let accounts = 64
        for id in 1...accounts {
            try Fixtures.open(ledger, UInt64(id), subscriptions: [Subscription(.dataHub, .enterprise)], packs: id % 3, mode: id % 2 == 0 ? .payAsYouGo : .autoUpgrade)
        }
        let features = ["unit", "ten", "pro", "enterprise", "repriced"].map { Fixtures.feature(ledger, $0) }
        let outcomes = try await Stress.run { index -> (tally: Tally, refusedAccounts: Set<UInt64>) in
            var rng = Xoshiro256(seed: UInt64(index) &+ 99)
            var tally = Tally()
            var refusedAccounts: Set<UInt64> = []
            for _ in 0..<20_000 * Stress.scale {
                let id = UInt64.random(in: 1...UInt64(accounts), using: &rng)
                let decision = ledger.debit(account: AccountID(id), feature: features.randomElement(using: &rng)!,
                                            quantity: UInt32.random(in: 1...5, using: &rng))
                tally.note(id, decision)
                if !decision.isAccepted { refusedAccounts.insert(id) }
            }
            return (tally, refusedAccounts)
        }
        let tally = Tally.merged(outcomes.map(\.tally))
        // Demand (about 22,500 credits an account) is above every hard limit (10,000), and
        // only the accounts without bought capacity (id divisible by 3) have one: they, and
        // only they, are refused, and only for the limit. Everyone else is never refused.
        #expect(Set(tally.refused.keys) == [.limitReached])
        #expect(outcomes.reduce(into: Set<UInt64>()) { $0.formUnion($1.refusedAccounts) }
                == Set((1...UInt64(accounts)).filter { $0.isMultiple(of: 3) }))
        for id in 1...UInt64(accounts) {
            let account = AccountID(id)
            #expect(tally.accepted[id, default: 0] > 0, "account \(id) had nothing accepted")
            #expect(ledger.usage(id) == tally.accepted[id, default: 0])
            #expect(ledger.usageByFeature(of: account).values.reduce(0, +) == tally.accepted[id, default: 0])
            let log = ledger.usageLog(of: account, from: Fixtures.catalogStart, until: Fixtures.start.adding(days: 1))
            #expect(log.creditsUsed == tally.accepted[id, default: 0])
        }
        #expect(ledger.auditInvariants().isEmpty)
    }
}

/// I3 for the bucket's recent usage row: it moves to a new key each day, sealing and
/// spilling its count while other threads are adding to it.
@Suite("I3 recent usage row under day changes", .serialized)
struct RecentRowStressTests {
    @Test("the recent row moves every day under load: every action is counted once")
    func movesUnderLoad() async throws {
        let first = CalendarDay(year: 2026, month: 1, day: 1)!
        let (ledger, clock) = Fixtures.ledger(on: first)
        let ids: [UInt64] = [1, 2, 3]
        for id in ids { try Fixtures.open(ledger, id, subscriptions: [Subscription(.dataHub, .enterprise)], packs: 10_000, anchorDay: 1) }
        let features = ["unit", "ten", "repriced"].map { Fixtures.feature(ledger, $0) }
        let days = 1_500 * Stress.scale
        let stop = StopFlag()
        let progress = Atomic<Int>(0)
        let tallies = try await Stress.run { index -> Tally in
            var tally = Tally()
            if index == 0 {
                for day in 0..<days {
                    // Move the day only once the others have debited a while on this one.
                    Stress.spin { progress.load(ordering: .relaxed) >= (day + 1) * 300 }
                    clock.advance(days: 1)
                }
                stop.stop()
                return tally
            }
            var rng = Xoshiro256(seed: UInt64(index))
            while !stop.isStopped {
                // Mostly the hot account 1, so its recent row is contended when it moves.
                let id = rng.next() % 4 == 0 ? ids.randomElement(using: &rng)! : 1
                tally.note(id, ledger.debit(account: AccountID(id), feature: features.randomElement(using: &rng)!))
                progress.add(1, ordering: .relaxed)
            }
            return tally
        }
        let total = Tally.merged(tallies)
        for id in ids {
            let account = AccountID(id)
            let accepted = total.accepted[id, default: 0]
            let current = try #require(ledger.usage(id))
            let closed = ledger.closedPeriods(of: account).reduce(0) { $0 + $1.usage }
            #expect(closed + current == accepted)
            #expect(ledger.usageByFeature(of: account).values.reduce(0, +) == current)
            let log = ledger.usageLog(of: account, from: first, until: clock.today.adding(days: 1))
            #expect(log.creditsUsed == accepted)
        }
        #expect(ledger.auditInvariants().isEmpty)
    }
}

/// I6 under load: bad input interleaved with good debits on many threads.
@Suite("I6 bad input under concurrency", .serialized)
struct BadInputStressTests {
    /// A bad debit of the table below: its refusal, and how it is made.
    typealias BadDebit = (Refusal, @Sendable (Ledger, AccountHandle, AccountHandle) -> DebitDecision)

    /// Each bad debit a thread interleaves with its good ones (the last argument is a handle
    /// of another ledger).
    static let badDebits: [BadDebit] = [
        (.invalidQuantity, { ledger, handle, _ in ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 0) }),
        (.unknownFeature, { ledger, handle, _ in ledger.debit(handle, feature: FeatureIndex(rawValue: 999)) }),
        (.unknownAccount, { ledger, _, _ in ledger.debit(account: AccountID(77), feature: Fixtures.feature(ledger, "unit")) }),
        (.unknownAccount, { ledger, _, foreign in ledger.debit(foreign, feature: Fixtures.feature(ledger, "unit")) }),
        (.seatNotEligible, { ledger, handle, _ in ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), seat: .viewOnly) }),
        (.featureNotInEdition, { ledger, handle, _ in ledger.debit(handle, feature: Fixtures.feature(ledger, "pro")) }),
    ]

    /// Found by a review: I6 had no concurrent test. Eight threads each interleave good
    /// debits with every bad debit of the table and a control call the engine must reject;
    /// the books must equal what the good debits alone make.
    @Test("I6: bad debits and rejected control calls on 8 threads refuse with their reasons and change nothing")
    func interleaved() async throws {
        let (ledger, _) = Fixtures.ledger()
        let (other, _) = Fixtures.ledger()
        let foreign = try Fixtures.open(other, 1)
        let ids = Array(1...16 as ClosedRange<UInt64>)
        let handles = try ids.map { try Fixtures.open(ledger, $0, packs: 1_000, mode: .payAsYouGo) }  // limit 1,000,500
        let facts = ids.map { ledger.billingFacts(of: AccountID($0)) }
        let unit = Fixtures.feature(ledger, "unit")
        let rejections: [@Sendable (AccountID) throws -> Void] = [
            { try ledger.buyCapacity($0, packs: 0) },
            { try ledger.setCap($0, to: .max) },
            { try ledger.open(AccountSpec(id: $0, subscriptions: [Subscription(.marketing, .starter)])).discard() },
            { try ledger.scheduleCapacityRemoval($0, packs: 5_000, at: Fixtures.start.adding(days: 100)) },
        ]
        let outcomes = try await Stress.run { index -> (good: [UInt64: UInt64], wrong: [String]) in
            var rng = Xoshiro256(seed: UInt64(index) &+ 11)
            var good: [UInt64: UInt64] = [:], wrong: [String] = []
            for step in 0..<20_000 * Stress.scale {
                let account = Int.random(in: 0..<ids.count, using: &rng)
                let quantity = UInt32.random(in: 1...3, using: &rng)
                if ledger.debit(handles[account], feature: unit, quantity: quantity).isAccepted {
                    good[ids[account], default: 0] += UInt64(quantity)
                } else {
                    wrong.append("a good debit was refused")
                }
                let (reason, bad) = Self.badDebits[step % Self.badDebits.count]
                let decision = bad(ledger, handles[account], foreign)
                if decision != .refused(reason) { wrong.append("\(decision) instead of \(reason)") }
                if step % 16 == 0 {
                    do {
                        try rejections[step / 16 % rejections.count](AccountID(ids[account]))
                        wrong.append("control call \(step / 16 % rejections.count) was accepted")
                    } catch {}
                }
            }
            return (good, wrong)
        }
        let wrong = outcomes.flatMap(\.wrong)
        #expect(wrong.isEmpty, "\(wrong.count) wrong outcomes, e.g. \(wrong.prefix(3))")
        let good = outcomes.reduce(into: [UInt64: UInt64]()) { $0.merge($1.good, uniquingKeysWith: +) }
        for (index, id) in ids.enumerated() {
            let account = AccountID(id)
            #expect(ledger.usage(id) == good[id, default: 0])
            #expect(ledger.usageByFeature(of: account) == [unit: good[id, default: 0]])
            #expect(ledger.billingFacts(of: account) == facts[index])
            let snapshot = try #require(ledger.snapshot(of: account))
            #expect(snapshot.cap == nil && snapshot.monthlyLimit == 1_000_500)
        }
        #expect(ledger.snapshot(of: AccountID(77)) == nil)
        #expect(other.usage(1) == 0)
        #expect(ledger.auditInvariants().isEmpty)
    }
}
