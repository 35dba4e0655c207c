@testable import CreditMeter
import Testing

/// I3 for the recent usage row kept in the bucket (see `_RecentRow`).
@Suite("I3: the recent usage row")
struct RecentRowTests {
    /// An adder stalled between its load of `recentKey` and its count, while the recent row
    /// moves 4,095 times (a manual clock, R7, moves days as fast as a test likes): the
    /// generation is back where it was, under another key. The adder must count its actions
    /// in their own day's row, not in the newer key's.
    @Test("an adder delayed across 4,095 moves of the recent row counts in its own row")
    func generationWrap() throws {
        let first = CalendarDay(year: 2026, month: 1, day: 1)!
        let (ledger, clock) = Fixtures.ledger(on: first)
        let handle = try Fixtures.open(ledger, 1, subscriptions: [Subscription(.dataHub, .enterprise)], anchorDay: 1)
        let unit = Fixtures.feature(ledger, "unit"), ten = Fixtures.feature(ledger, "ten")
        #expect(ledger.debit(handle, feature: unit).isAccepted)  // claims the row for (unit, day 0, rate 1)
        let bucket = handle.bucket
        // The stalled debit of 300 unit actions: its usage CAS empties the delta (a spill) ...
        let state = bucket.pointee.state.load(ordering: .relaxed)
        let delta = _Word.delta(state)
        #expect(bucket.pointee.state.compareExchange(
            expected: state, desired: state &+ (300 << _Word.usageShift) &- (delta << _Word.deltaShift),
            ordering: .acquiringAndReleasing).exchanged)
        // ... and it reads the recent row's key, then stalls.
        let recent = bucket.pointee.recentKey.load(ordering: .acquiring)
        for _ in 0..<4_095 {
            clock.advance(days: 1)
            #expect(ledger.debit(handle, feature: ten).isAccepted)
        }
        #expect(_RecentRow.generation(bucket.pointee.recentKey.load(ordering: .relaxed)) == _RecentRow.generation(recent))
        #expect(_RecentRow.payload(bucket.pointee.recentKey.load(ordering: .relaxed)) != _RecentRow.payload(recent))

        // It resumes: the recent row refuses the count, which goes to the row blocks, as
        // `_recordUsage` does.
        #expect(!ledger._countIntoRecentRow(bucket, recent: recent, quantity: delta + 300))
        ledger._recordUsageElsewhere(slot: bucket.pointee.slot, key: _RecentRow.payload(recent), quantity: delta + 300)
        #expect(ledger.auditInvariants().isEmpty)
        let dayZero = ledger.usageLog(of: AccountID(1), from: first, until: first.adding(days: 1))
        #expect(dayZero.map(\.timesRun) == [301])
    }

    /// Free actions (R18) have no credit bound: a row's count may pass 2^64 over the recent
    /// row and a block row of the same key. Reports saturate instead of trapping (I6).
    @Test("I6: counts of free actions past 2^64 saturate in reports")
    func freeCountsSaturate() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        try Fixtures.forceCheckedPath(ledger, 1)  // `ten` is free today
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "ten"), quantity: 1_000) == .accepted(charged: 0, usageAfter: 0, limit: 500))
        // The same free row's count in a block, as when the recent row is full.
        let bucket = handle.bucket, key = _RecentRow.payload(bucket.pointee.recentKey.load(ordering: .relaxed))
        #expect(_RowBlock.rate(key) == 0)
        #expect(ledger.stripes.withLock(bucket.pointee.slot) { _ in ledger._countIntoRowLocked(bucket, key: key, amount: .max - 10) })

        let log = ledger.usageLog(of: AccountID(1), from: Fixtures.startDayGrace.from, until: Fixtures.startDayGrace.until)
        #expect(log.map(\.timesRun) == [.max])
        #expect(log.map(\.creditsUsed) == [0])
        let doubled = UsageReport(period: try #require(ledger.snapshot(of: AccountID(1))).period, monthlyLimit: 500, cap: nil, log: log + log)
        #expect(doubled.usageByFeature.map(\.timesRun) == [.max])
    }
}
