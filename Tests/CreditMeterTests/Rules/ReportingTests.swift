import CreditMeter
import MeterTools
import Testing

/// R21 reports and I3 conservation, single-threaded.
@Suite("R21 reports and I3")
struct ReportingTests {
    @Test("I3: usage by feature, the daily history and the usage log all sum to usage this period")
    func conservation() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, subscriptions: [Subscription(.marketing, .enterprise)], packs: 5, anchorDay: 15)
        let keys = ["unit", "ten", "pro", "enterprise", "repriced"]
        var accepted: UInt64 = 0
        var timesRun: [String: UInt64] = [:]  // "day feature" → actions
        var rng = Xoshiro256(seed: 0x5EED_0014)  // seeded: a failure reproduces
        for day in 0..<20 {
            for _ in 0..<50 {
                let key = keys.randomElement(using: &rng)!
                let quantity = UInt32.random(in: 1...4, using: &rng)
                #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, key), quantity: quantity).isAccepted)
                // Priced from the catalog's data (R16), not from the decision (found by a
                // review: summing `charged` would not notice a wrong price).
                let rate = try #require(Fixtures.catalog.feature(key)?.rates.last { $0.from <= clock.today }).credits
                accepted += UInt64(rate) * UInt64(quantity)
                timesRun["\(clock.today) \(key)", default: 0] += UInt64(quantity)
            }
            if day < 19 { clock.advance(days: 1) }
        }
        let snapshot = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(snapshot.usage == accepted)
        #expect(ledger.usageByFeature(of: AccountID(1)).values.reduce(0, +) == accepted)
        let daily = ledger.dailyUsage(of: AccountID(1), from: snapshot.period.start, until: snapshot.period.end)
        #expect(daily.values.reduce(0, +) == accepted)
        #expect(daily.count == 20)
        let log = ledger.usageLog(of: AccountID(1), from: snapshot.period.start, until: snapshot.period.end)
        #expect(log.creditsUsed == accepted)
        // Each row: the actions of its day and feature, at the catalog's rate on that day.
        #expect(Dictionary(log.map { ("\($0.day) \($0.feature)", $0.timesRun) }, uniquingKeysWith: +) == timesRun)
        for row in log {
            let rate = Fixtures.catalog.feature(row.feature)?.rates.last { $0.from <= row.day }?.credits
            #expect(rate.map(UInt64.init) == row.creditsPerAction, "\(row.day) \(row.feature)")
        }
        #expect(ledger.auditInvariants().isEmpty)
    }

    @Test("I3: the usage log is exact straight after fast-path debits, with nothing folded first")
    func logRightAfterDebits() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 5)
        let unit = Fixtures.feature(ledger, "unit")
        // The first debit claims the inline row; the next ones count in the state word's delta,
        // some past its 255-action spill point.
        for quantity in [1, 2, 3, 200, 60, 9] as [UInt32] { #expect(ledger.debit(handle, feature: unit, quantity: quantity).isAccepted) }
        let log = ledger.usageLog(of: AccountID(1), from: Fixtures.start, until: Fixtures.start.adding(days: 1))
        #expect(log.map(\.timesRun) == [275])
        #expect(log.map(\.creditsUsed) == [275])
    }

    @Test("a debit sink sees every accepted debit once, with its idempotency id")
    func sink() throws {
        let recorder = RecordingSink()
        let (ledger, _) = Fixtures.ledger(sink: recorder)
        let handle = try Fixtures.open(ledger, 1)
        let unit = Fixtures.feature(ledger, "unit")
        _ = ledger.debit(handle, feature: unit, quantity: 3)
        _ = ledger.debit(Debit(account: AccountID(1), feature: unit, quantity: 2, idempotencyKey: 42))
        _ = ledger.debit(handle, feature: unit, quantity: 0)
        #expect(recorder.debits.map(\.credits) == [3, 2])
        #expect(recorder.debits.map(\.idempotencyKey) == [nil, 42])
    }

    /// Found by a review: no test accepted a keyed debit on the checked path, and a
    /// single debit through a handle could not carry a key at all.
    @Test("the idempotency id reaches the sink on the fast, checked, free and slow paths, single and batched")
    func sinkKeysOnEveryPath() throws {
        let recorder = RecordingSink()
        let (ledger, _) = Fixtures.ledger(sink: recorder)
        let plain = try Fixtures.open(ledger, 1)
        let ruled = try Fixtures.open(ledger, 2)
        try Fixtures.forceCheckedPath(ledger, 2)
        let unit = Fixtures.feature(ledger, "unit")
        let ten = Fixtures.feature(ledger, "ten")
        #expect(ledger.debit(HandleDebit(handle: plain, feature: unit, idempotencyKey: 1)).charged == 1)       // fast
        #expect(ledger.debit(HandleDebit(handle: ruled, feature: unit, idempotencyKey: 2)).charged == 1)       // checked
        #expect(ledger.debit(HandleDebit(handle: ruled, feature: ten, idempotencyKey: 3)).charged == 0)        // checked, free
        #expect(ledger.debit(HandleDebit(handle: plain, feature: unit, quantity: 400, idempotencyKey: 4)).isAccepted)  // slow: 75 %
        #expect(ledger.debit(HandleDebit(handle: plain, feature: unit, quantity: 0, idempotencyKey: 99)) == .refused(.invalidQuantity))
        let batched = ledger.decisions(for: [
            HandleDebit(handle: plain, feature: unit, idempotencyKey: 5), HandleDebit(handle: ruled, feature: unit, idempotencyKey: 6),
            HandleDebit(handle: ruled, feature: ten, idempotencyKey: 7), HandleDebit(handle: plain, feature: unit, quantity: 50, idempotencyKey: 8),
        ])
        let byID = ledger.decisions(for: [
            Debit(account: AccountID(1), feature: unit, idempotencyKey: 9), Debit(account: AccountID(2), feature: unit, idempotencyKey: 10),
            Debit(account: AccountID(2), feature: ten, idempotencyKey: 11), Debit(account: AccountID(1), feature: unit, quantity: 20, idempotencyKey: 12),
        ])
        #expect((batched + byID).filter(\.isAccepted).count == 8)
        #expect(recorder.debits.map(\.idempotencyKey) == (1...12).map { Optional(UInt64($0)) })
        #expect(recorder.debits.map(\.account) == [1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2, 1].map { AccountID($0) })
    }

    @Test("the sink names the right account on the fast, checked and slow paths, a reopened id included")
    func sinkAccounts() throws {
        let recorder = RecordingSink()
        let (ledger, _) = Fixtures.ledger(sink: recorder)
        let unit = Fixtures.feature(ledger, "unit")
        let first = try Fixtures.open(ledger, 1)
        #expect(ledger.debit(first, feature: unit, quantity: 2).isAccepted)  // the id's first opening
        try ledger.close(AccountID(1))
        let reopened = try Fixtures.open(ledger, 1)  // a new bucket in a new slot, same id
        let other = try Fixtures.open(ledger, 2)
        let third = try Fixtures.open(ledger, 3)
        // Account 2 gets a grace window on `ten`: its `ten` debits are free (checked path).
        try Fixtures.forceCheckedPath(ledger, 2)
        #expect(ledger.debit(first, feature: unit) == .refused(.unknownAccount))  // the closed bucket
        #expect(ledger.debit(reopened, feature: unit, quantity: 10).isAccepted)    // fast path
        #expect(ledger.debit(other, feature: Fixtures.feature(ledger, "ten")).charged == 0)  // checked path, free
        #expect(ledger.debit(reopened, feature: unit, quantity: 370).isAccepted)   // crosses 75 % of 500: slow path
        #expect(ledger.debit(account: AccountID(2), feature: unit, quantity: 5).isAccepted)  // checked: ruled account
        #expect(ledger.debit(third, feature: unit, quantity: 4).isAccepted)        // fast path
        #expect(recorder.debits.map(\.account) == [AccountID(1), AccountID(1), AccountID(2), AccountID(1), AccountID(2), AccountID(3)])
        #expect(recorder.debits.map(\.credits) == [2, 10, 0, 370, 5, 4])
        // The opening tells the closed account from the reopened one, whatever the path.
        let openings = recorder.debits.map(\.opening)
        #expect(openings[1] == openings[3] && openings[2] == openings[4])
        #expect(Set([openings[0], openings[1], openings[2], openings[5]]).count == 4)
    }
}

/// The batch API decides each debit exactly as one-by-one debits would, in order.
@Suite("Batch debits")
struct BatchDebitTests {
    /// How a batch addresses its accounts.
    enum Addressing: String, CaseIterable, CustomTestStringConvertible {
        case byID, byHandle
        var testDescription: String { rawValue }
    }

    /// Batch sizes around the batch paths' lookaheads (16 and 32), the appending call's
    /// stack chunk (32) and its multiples, and the pipeline ring (64).
    static let counts = [1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255, 256, 257, 1_000]

    @Test("a batch gives the same decisions, books and sink records as the same debits one by one",
          arguments: Addressing.allCases, counts)
    func sameAsOneByOne(addressing: Addressing, count: Int) throws {
        // Sinks of the batched, one-by-one and collected ledgers, in that order.
        let sinks = [RecordingSink(), RecordingSink(), RecordingSink()]
        let (batched, _) = Fixtures.ledger(sink: sinks[0])
        let (single, _) = Fixtures.ledger(sink: sinks[1])
        let (collected, _) = Fixtures.ledger(sink: sinks[2])
        var handles: [[UInt64: AccountHandle]] = [[:], [:], [:]]
        for (index, ledger) in [batched, single, collected].enumerated() {
            for id in 1...40 as ClosedRange<UInt64> {
                handles[index][id] = try Fixtures.open(ledger, id, packs: Int(id % 3), cap: id % 3 == 2 ? 2_100 : nil)
            }
            try ledger.close(AccountID(7))
        }
        // A handle from another ledger is refused as an unknown account.
        let (foreign, _) = Fixtures.ledger()
        let stranger = try Fixtures.open(foreign, 1)
        var rng = Xoshiro256(seed: UInt64(count))
        let keys = ["unit", "ten", "pro", "enterprise"]
        let debits = (0..<count).map { (index: Int) -> Debit in
            // 41...45 are unknown (the first debit always: the foreign-handle check below then
            // has one to check), 7 is closed.
            let id: UInt64 = index == 0 ? 43 : UInt64.random(in: 1...45, using: &rng)
            return Debit(account: AccountID(id),
                  feature: Fixtures.feature(batched, keys.randomElement(using: &rng)!),
                  quantity: UInt32.random(in: 0...30, using: &rng), seat: Bool.random(using: &rng) ? nil : .free,
                  idempotencyKey: index % 3 == 0 ? nil : UInt64(index))
        }
        var decisions: [DebitDecision] = [.refused(.invalidQuantity)]  // appended to, not replaced
        switch addressing {
        case .byID:
            batched.debit(batch: debits, into: &decisions)
            let expected = debits.map { single.debit($0) }
            #expect(decisions.dropFirst().elementsEqual(expected))
            #expect(collected.decisions(for: debits) == expected)
            // The sink sees each accepted debit with its feature, quantity, credits and id.
            #expect(sinks[0].debits == sinks[1].debits)
            #expect(sinks[2].debits == sinks[1].debits)
        case .byHandle:
            func handleDebits(_ ledger: Int) -> [HandleDebit] {
                debits.map { debit in
                    HandleDebit(handle: handles[ledger][debit.account.rawValue] ?? stranger, feature: debit.feature,
                                quantity: debit.quantity, seat: debit.seat, idempotencyKey: debit.idempotencyKey)
                }
            }
            batched.debit(batch: handleDebits(0), into: &decisions)
            let expected = handleDebits(1).map { single.debit($0.handle, feature: $0.feature, quantity: $0.quantity, seat: $0.seat) }
            #expect(decisions.dropFirst().elementsEqual(expected))
            #expect(collected.decisions(for: handleDebits(2)) == expected)
            // The sink sees what one-by-one debits give it, and the batch's ids (a single
            // debit through a handle carries none).
            func withoutID(_ sink: RecordingSink) -> [String] {
                sink.debits.map { "\($0.account) \($0.feature) \($0.quantity) \($0.credits) \($0.day)" }
            }
            #expect(withoutID(sinks[0]) == withoutID(sinks[1]))
            #expect(withoutID(sinks[2]) == withoutID(sinks[1]))
            let acceptedIDs = zip(debits, expected).filter { $0.1.isAccepted }.map(\.0.idempotencyKey)
            #expect(sinks[0].debits.map(\.idempotencyKey) == acceptedIDs)
            #expect(sinks[2].debits.map(\.idempotencyKey) == acceptedIDs)
            // The foreign handle is refused first, whatever the quantity and seat, and charges nothing.
            #expect(debits.contains { $0.account.rawValue > 40 })
            for (debit, decision) in zip(debits, decisions.dropFirst()) where debit.account.rawValue > 40 {
                #expect(decision == .refused(.unknownAccount))
            }
            #expect(foreign.usage(1) == 0)
        }
        #expect(decisions.first == .refused(.invalidQuantity))
        for id in 1...45 as ClosedRange<UInt64> {
            #expect(batched.usage(id) == single.usage(id))
            #expect(collected.usage(id) == single.usage(id))
        }
    }

    @Test("the meter's batch calls return the ledger's decisions, through ids and through handles")
    func meterBatches() async throws {
        let meter = Meter(catalog: Fixtures.catalog, clock: .manual(start: Fixtures.start))
        let handle = try await meter.open(AccountSpec(id: AccountID(1), subscriptions: [Subscription(.marketing, .starter)]))
        let unit = Fixtures.feature(meter.ledger, "unit")
        let byID = await meter.debit(batch: Array(repeating: Debit(account: AccountID(1), feature: unit, quantity: 100), count: 3))
        let byHandle = await meter.debit(batch: Array(repeating: HandleDebit(handle: handle, feature: unit, quantity: 100), count: 3))
        #expect(byID.map(\.charged) == [100, 100, 100])
        #expect(byHandle.map(\.charged) == [100, 100, 0])  // R10: 500 included, hard stop
        #expect(byHandle.last == .refused(.limitReached))
        #expect(await meter.debit(batch: [HandleDebit]()).isEmpty)
    }
}
