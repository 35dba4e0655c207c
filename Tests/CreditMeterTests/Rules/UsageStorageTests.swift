@testable import CreditMeter
import MeterTools
import Testing

/// When the ledger's usage row blocks run out (R21, I3, I6): a debit that needs a new row
/// is refused with ``Refusal/usageStorageFull`` and changes nothing, a debit whose row
/// exists is decided as usual, and the process stops only as a last resort (a used-up margin).
@Suite("Usage row storage running out")
struct UsageStorageTests {
    @Test("I3, I6: with the blocks used up, new rows are refused on every path; existing rows keep counting")
    func refusedWhenRowsRunOut() async throws {
        let (ledger, clock) = Fixtures.ledger(usageRowBlocks: 1)
        let events = ledger.eventStream()
        let id = AccountID(1)
        let handle = try Fixtures.open(ledger, 1, packs: 10)  // 500 included + 10,000 bought
        let unit = Fixtures.feature(ledger, "unit"), ten = Fixtures.feature(ledger, "ten")
        let repriced = Fixtures.feature(ledger, "repriced")

        // Day 0: unit takes the bucket's recent row; ten takes the one block (7 rows), which
        // uses the ledger's limit up.
        #expect(ledger.debit(handle, feature: unit).isAccepted)
        #expect(ledger.debit(handle, feature: ten).isAccepted)
        #expect(ledger.usageRowBlocksInUse == 1)
        // From here every debit is checked and sets up its row first. The recent row's key
        // needs no block row; five more rows fit in the block.
        #expect(ledger.debit(handle, feature: unit).isAccepted)
        #expect(ledger.debit(handle, feature: repriced).isAccepted)
        for _ in 1...5 {
            clock.advance(days: 1)
            #expect(ledger.debit(handle, feature: unit, quantity: 2).isAccepted)
        }
        #expect(ledger.usageRowBlocksInUse == 1)

        // The block is full. A row that exists still counts, on the checked path and on the
        // slow path (crossing 75 % of 10,500 credits); a new row is refused on both.
        let usageBefore = try #require(ledger.snapshot(of: id)).usage
        #expect(ledger.debit(handle, feature: unit) == .accepted(charged: 1, usageAfter: usageBefore + 1, limit: 10_500))
        #expect(ledger.debit(handle, feature: ten) == .refused(.usageStorageFull))
        #expect(ledger.debit(handle, feature: ten, quantity: 800) == .refused(.usageStorageFull))
        #expect(ledger.debit(handle, feature: unit, quantity: 8_000).isAccepted)
        // A new catalog keeps the ledger short: the fast path stays closed.
        try ledger.replaceCatalog(Fixtures.catalog)
        #expect(ledger.debit(handle, feature: repriced) == .refused(.usageStorageFull))
        #expect(ledger.debit(handle, feature: unit).isAccepted)

        // The next day every row is new: handle, id, batch, a free debit (grace window) and a
        // new account are refused; a paused account is refused as paused first. The
        // refusals change nothing: usage, log, facts and events.
        clock.advance(days: 1)
        let snapshot = try #require(ledger.snapshot(of: id))
        let facts = ledger.billingFacts(of: id)
        let log = ledger.usageLog(of: id, from: Fixtures.start, until: clock.today.adding(days: 1))
        try ledger.setGraceWindow(ten, for: id, GraceWindow(from: clock.today, until: clock.today.adding(days: 1)))
        #expect(ledger.debit(handle, feature: ten) == .refused(.usageStorageFull))
        #expect(ledger.debit(handle, feature: unit, quantity: 3_000) == .refused(.usageStorageFull))
        #expect(ledger.debit(account: id, feature: repriced, quantity: 3) == .refused(.usageStorageFull))
        #expect(ledger.decisions(for: [HandleDebit(handle: handle, feature: unit)]) == [.refused(.usageStorageFull)])
        let other = try Fixtures.open(ledger, 2)
        #expect(ledger.debit(other, feature: unit) == .refused(.usageStorageFull))
        try ledger.setPaused(AccountID(2), true)
        #expect(ledger.debit(other, feature: unit) == .refused(.accountPaused))
        #expect(ledger.snapshot(of: id) == snapshot)
        #expect(ledger.billingFacts(of: id) == facts)
        #expect(ledger.usageLog(of: id, from: Fixtures.start, until: clock.today.adding(days: 1)) == log)
        #expect(ledger.usageByFeature(of: id).keys.sorted { $0.rawValue < $1.rawValue } == [unit, ten, repriced])
        #expect(ledger.usageLog(of: AccountID(2), from: Fixtures.start, until: clock.today.adding(days: 1)).isEmpty)

        // I3: the log holds every accepted debit: 1 + 10 + 1 + 2 + 5 × 2 + 1 + 8,000 + 1 credits.
        #expect(snapshot.usage == 8_026)
        #expect(log.creditsUsed == snapshot.usage)
        let actions: UInt64 = 1 + 1 + 1 + 1 + 5 * 2 + 1 + 8_000 + 1
        #expect(log.timesRun == actions)
        #expect(ledger.auditInvariants().isEmpty)
        #expect(ledger.usageRowBlocksInUse == 1)

        // R19, R20: only the accepted crossing notified; the refused 8,000-credit debit did
        // not, nor did the refused or paused account 2. A cap of 0 notifies at once,
        // whatever the usage.
        try ledger.setCap(id, to: 0)
        let seen = try await EventDrain.collect(events, ledger: ledger)
        #expect(seen.map(\.account) == Array(repeating: id, count: seen.count))
        #expect(seen.map(\.kind) == [.usageReached(percent: 75), .capApproaching, .capReached])
    }

    @Test("I3: short of rows, a debit the slow path refuses for its cap takes no row")
    func refusedDebitTakesNoRow() throws {
        let (ledger, clock) = Fixtures.ledger(usageRowBlocks: 1)
        let handle = try Fixtures.open(ledger, 1, packs: 1, cap: 600)
        let unit = Fixtures.feature(ledger, "unit"), ten = Fixtures.feature(ledger, "ten")
        let repriced = Fixtures.feature(ledger, "repriced")
        #expect(ledger.debit(handle, feature: unit).isAccepted)  // the recent row
        #expect(ledger.debit(handle, feature: ten).isAccepted)   // the one block: short now, 6 rows free
        // The next period's first debit is decided on the slow path, after the roll: 400 × 3
        // credits pass the cap of 600, so it is refused, and must not keep a row.
        clock.advance(days: 31)
        #expect(ledger.debit(handle, feature: repriced, quantity: 400) == .refused(.capReached))
        var added = 0
        for _ in 0..<7 {
            clock.advance(days: 1)
            guard ledger.debit(handle, feature: unit).isAccepted else { break }
            added += 1
        }
        #expect(added == 6)
        #expect(ledger.debit(handle, feature: unit) == .refused(.usageStorageFull))
        #expect(ledger.usageRowBlocksInUse == 1)
    }

    @Test("the margin is the last resort: decided debits that use it up stop the process rather than lose a row (exit test)")
    func marginUsedUpTraps() async {
        await #expect(processExitsWith: .failure) {
            // Only debits decided before the swap add rows past the limit; no public call
            // can send 65,536 of them, so the rows are added straight, one new block each.
            let ledger = Ledger(catalog: Fixtures.catalog, clock: .manual(start: Fixtures.start), usageRowBlocks: 1)
            let key = _RowBlock.key(feature: 0, day: Fixtures.start.daysSinceEpoch, rate: 1)
            for id in 1...UInt64(Ledger.usageRowMargin + (1 << 16)) {
                let handle = try! Fixtures.open(ledger, id)
                ledger._countIntoRowLocked(handle.bucket, key: key, amount: 1)
            }
        }
    }

    @Test("I6: a row block limit outside 1...maximumUsageRowBlocks is clamped, not trusted",
          arguments: [(Int.min, 1), (0, 1), (3, 3), (Int.max, Ledger.maximumUsageRowBlocks)])
    func limitIsClamped(asked: Int, kept: Int) {
        #expect(Ledger(catalog: Fixtures.catalog, usageRowBlocks: asked).usageRowBlocks == kept)
        #expect(Meter(catalog: Fixtures.catalog, usageRowBlocks: asked).ledger.usageRowBlocks == kept)
    }

    @Test("I3, I6 under 8 threads: rows run out while the day moves; accepted debits are all in the log, nothing traps")
    func rowsRunOutUnderLoad() async throws {
        let limit = 48
        let (ledger, clock) = Fixtures.ledger(usageRowBlocks: limit)
        let accounts = 64, days = 12, perThread = 4_000 * Stress.scale
        // 1,500 credits and auto-upgrade: thresholds and upgrades send debits down the slow path.
        let handles = try (1...accounts).map { try Fixtures.open(ledger, UInt64($0), packs: 1) }
        let features = ["unit", "ten", "repriced"].map { Fixtures.feature(ledger, $0) }

        let results = try await Stress.run { thread -> (tally: Tally, actions: [UInt64: UInt64]) in
            var random = Xoshiro256(seed: UInt64(thread) &+ 11)
            var tally = Tally()
            var actions: [UInt64: UInt64] = [:]
            for step in 0..<perThread {
                if thread == 0, step > 0, step % (perThread / days) == 0 { clock.advance(days: 1) }
                let account = Int(random.next() % UInt64(accounts))
                let quantity = UInt32(1 + random.next() % 3)
                let decision = ledger.debit(handles[account], feature: features[Int(random.next() % 3)], quantity: quantity)
                tally.note(UInt64(account + 1), decision)
                if decision.isAccepted { actions[UInt64(account + 1), default: 0] += UInt64(quantity) }
            }
            return (tally, actions)
        }
        let tally = Tally.merged(results.map(\.tally))
        let actions = results.map(\.actions).reduce(into: [:]) { $0.merge($1, uniquingKeysWith: +) }

        // Storage ran out, and nothing else refused (auto-upgrade, no cap).
        #expect(Set(tally.refused.keys) == [.usageStorageFull])
        #expect(tally.accepted.values.reduce(0, +) > 0)
        // The margin took at most one block per debit decided before the limit was reached.
        #expect((limit...(limit + Stress.threads)).contains(ledger.usageRowBlocksInUse))
        for account in 1...UInt64(accounts) {
            let usage = try #require(ledger.snapshot(of: AccountID(account))).usage
            let log = ledger.usageLog(of: AccountID(account), from: Fixtures.start, until: clock.today.adding(days: 1))
            #expect(usage == tally.accepted[account, default: 0], "account \(account)")
            #expect(log.creditsUsed == usage, "I3: account \(account)")
            #expect(log.timesRun == actions[account, default: 0], "I3: account \(account)")
        }
        #expect(ledger.auditInvariants().isEmpty)
    }
}
