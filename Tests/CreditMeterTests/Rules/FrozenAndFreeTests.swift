@testable import CreditMeter
import Synchronization
import Testing

/// Closed accounts stay as they were closed (I6), read-only sections leave the version
/// alone (I4), free debits always fit (R18), and a batch looks an id up at its own turn.
@Suite("Frozen accounts, versions, free debits, reopened ids")
struct FrozenAndFreeTests {
    @Test("I6: after its period ends, a closed account's stale handle, snapshot and control calls change nothing")
    func closedAccountIsFrozen() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        let unit = Fixtures.feature(ledger, "unit")
        #expect(ledger.debit(handle, feature: unit, quantity: 7).isAccepted)
        try ledger.close(AccountID(1))
        let facts = ledger.billingFacts(of: AccountID(1))
        let state = handle.bucket.pointee.state.load(ordering: .relaxed)
        clock.advance(days: 40)  // past the end of the period the account was closed in

        #expect(ledger.debit(handle, feature: unit) == .refused(.unknownAccount))
        #expect(ledger.decisions(for: [HandleDebit(handle: handle, feature: unit)]) == [.refused(.unknownAccount)])
        #expect(ledger.snapshot(of: AccountID(1)) == nil)
        #expect(throws: MeterError.unknownAccount(AccountID(1))) { try ledger.setCap(AccountID(1), to: nil) }
        #expect(throws: MeterError.unknownAccount(AccountID(1))) { try ledger.setPaused(AccountID(1), true) }
        // No period was closed behind the caller's back: no fact, no new usage, no new version.
        #expect(ledger.billingFacts(of: AccountID(1)) == facts)
        #expect(handle.bucket.pointee.state.load(ordering: .relaxed) == state)
        #expect(ledger.usageLog(of: AccountID(1), from: Fixtures.start, until: clock.today).map { $0.timesRun } == [7])
    }

    @Test("I4: sections that change no configuration leave the version; those that do move it")
    func readOnlySectionsKeepTheVersion() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 1)
        let unit = Fixtures.feature(ledger, "unit")
        #expect(ledger.debit(handle, feature: unit, quantity: 3).isAccepted)
        func version() -> UInt64 { handle.bucket.pointee.state.load(ordering: .relaxed) & _Word.versionMask }
        let first = version()
        for _ in 0..<1_000 {
            _ = ledger.snapshot(of: AccountID(1))
            _ = ledger.usageByFeature(of: AccountID(1))
            _ = ledger.billingFacts(of: AccountID(1))
        }
        #expect(ledger.auditInvariants().isEmpty)
        #expect(version() == first)
        // A debit that loaded `state` before those reads still decides with what is in force.
        #expect(ledger.debit(handle, feature: unit).isAccepted)
        try ledger.setCap(AccountID(1), to: 1_200)
        #expect(version() != first)
        let second = version()
        try ledger.setPaused(AccountID(1), true)
        #expect(version() != second)
        #expect(ledger.debit(handle, feature: unit) == .refused(.accountPaused))
    }

    /// Windows as day offsets from `Fixtures.start`, the union kept from day 0 on.
    static let unions: [([(Int32, Int32)], [(Int32, Int32)])] = [
        ([(0, 2), (0, 2)], [(0, 2)]),                   // repeated
        ([(3, 6), (0, 2), (1, 4)], [(0, 6)]),           // overlapping, in any order
        ([(0, 2), (2, 4)], [(0, 4)]),                   // adjacent
        ([(0, 2), (5, 7)], [(0, 2), (5, 7)]),           // disjoint
        ([(-9, -3), (-2, 1), (-5, 0)], [(-2, 1)]),      // over before day 0, or ending there
    ]

    @Test("R18: grace windows are kept as their union from today on", arguments: unions)
    func graceUnion(_ windows: [(Int32, Int32)], _ union: [(Int32, Int32)]) {
        func days(_ pairs: [(Int32, Int32)]) -> [GraceWindow] {
            pairs.map { GraceWindow(from: Fixtures.start.adding(days: $0.0), until: Fixtures.start.adding(days: $0.1)) }
        }
        #expect(GraceWindow.union(days(windows), from: Fixtures.start) == days(union))
    }

    /// Found by a review: every call appended its window to a copy of the earlier ones.
    @Test("R18: a window set again every day keeps one window, and debits stay free inside it and charged outside")
    func repeatedGraceWindow() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 1)
        let unit = Fixtures.feature(ledger, "unit")
        for day in 0..<200 {
            let window = GraceWindow(from: Fixtures.start.adding(days: Int32(day)), until: Fixtures.start.adding(days: Int32(day) + 2))
            for _ in 0..<5 { try ledger.setGraceWindow(unit, for: AccountID(1), window) }
            #expect(ledger.debit(handle, feature: unit) == .accepted(charged: 0, usageAfter: 0, limit: 1_500))
            clock.advance(days: 1)
        }
        let slot = try #require(ledger.registry.slot(of: 1))
        let kept = ledger.ruleSets.withLock { $0[slot]?.grace[unit.rawValue] }
        #expect(kept == [GraceWindow(from: Fixtures.start, until: Fixtures.start.adding(days: 201))])  // one window, the union
        #expect(ledger.debit(handle, feature: unit) == .accepted(charged: 0, usageAfter: 0, limit: 1_500))  // day 200
        clock.advance(days: 1)
        #expect(ledger.debit(handle, feature: unit).charged == 1)  // day 201: past the window
    }

    /// Rules applied to account 1 (packs 1, limit 1,500) on the start day, and what the roll
    /// into the next period must leave (README *Decisions*: rules go only when none applies).
    struct EndedRuleCase: Sendable, CustomStringConvertible {
        let description: String
        let apply: @Sendable (Ledger) throws -> Void
        /// Whether the roll drops the rules.
        let dropped: Bool
        /// Whether `unit` is free five days in, before the roll.
        let unitFreeBefore: Bool
        /// Whether `unit` is still free after the roll (a window still open).
        let unitFreeAfter: Bool
        /// Whether `ten` is paused.
        let tenPaused: Bool
    }

    static let endedRuleCases: [EndedRuleCase] = [
        EndedRuleCase(description: "a two-day window on unit", apply: { ledger in
            try ledger.setGraceWindow(Fixtures.feature(ledger, "unit"), for: AccountID(1),
                                      GraceWindow(from: Fixtures.start, until: Fixtures.start.adding(days: 2)))
        }, dropped: true, unitFreeBefore: false, unitFreeAfter: false, tenPaused: false),
        EndedRuleCase(description: "ended windows on two features", apply: { ledger in
            for key in ["unit", "ten"] {
                try ledger.setGraceWindow(Fixtures.feature(ledger, key), for: AccountID(1), Fixtures.startDayGrace)
            }
        }, dropped: true, unitFreeBefore: false, unitFreeAfter: false, tenPaused: false),
        EndedRuleCase(description: "a window on unit that ends on the roll's day", apply: { ledger in
            try ledger.setGraceWindow(Fixtures.feature(ledger, "unit"), for: AccountID(1),
                                      GraceWindow(from: Fixtures.start, until: Fixtures.start.adding(days: 31)))
        }, dropped: true, unitFreeBefore: true, unitFreeAfter: false, tenPaused: false),
        EndedRuleCase(description: "a window on unit still open at the roll", apply: { ledger in
            try ledger.setGraceWindow(Fixtures.feature(ledger, "unit"), for: AccountID(1),
                                      GraceWindow(from: Fixtures.start, until: Fixtures.start.adding(days: 40)))
        }, dropped: false, unitFreeBefore: true, unitFreeAfter: true, tenPaused: false),
        EndedRuleCase(description: "an ended window and a paused feature", apply: { ledger in
            try ledger.setGraceWindow(Fixtures.feature(ledger, "unit"), for: AccountID(1), Fixtures.startDayGrace)
            try ledger.setFeaturePaused(Fixtures.feature(ledger, "ten"), for: AccountID(1), true)
        }, dropped: false, unitFreeBefore: false, unitFreeAfter: false, tenPaused: true),
    ]

    /// Left from a review: an account whose beta window had ended took the checked path for
    /// every debit until its rules were edited again.
    @Test("R17, R18: a period roll drops rules that no longer apply, and keeps any still in force", arguments: endedRuleCases)
    func endedRulesDropAtRoll(_ c: EndedRuleCase) throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 1)  // period 2026-01-15 ..< 02-15
        let unit = Fixtures.feature(ledger, "unit"), ten = Fixtures.feature(ledger, "ten")
        try c.apply(ledger)
        let slot = try #require(ledger.registry.slot(of: 1))
        func ruled() -> Bool { handle.bucket.pointee.terms.load(ordering: .relaxed) & _Word.ruledFlag != 0 }
        #expect(ruled())
        clock.advance(days: 5)  // past every window but the 40-day one, in the same period
        #expect(ledger.debit(handle, feature: unit).charged == (c.unitFreeBefore ? 0 : 1))
        #expect(ruled())  // rules go at a roll, not as a window ends
        clock.advance(days: 26)  // 02-15: the next period, rolled by this debit
        let charge: UInt64 = c.unitFreeAfter ? 0 : 1
        #expect(ledger.debit(handle, feature: unit) == .accepted(charged: charge, usageAfter: charge, limit: 1_500))
        #expect(ruled() == !c.dropped)
        #expect((ledger.ruleSets.withLock { $0[slot] } == nil) == c.dropped)
        #expect(ledger.debit(handle, feature: ten).refusal == (c.tenPaused ? .featurePaused : nil))
    }

    /// The period's first refusal at the hard bound takes the slow path to be notified;
    /// the flag that sends it there must clear once it is, or every later refusal would
    /// take the stripe lock too (R19, and the hot path's one-lock rule).
    @Test("R19: the refusal-notice flag is set while the notice is due, and clears once it fired")
    func refusalNoticeFlag() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        let unit = Fixtures.feature(ledger, "unit")
        func due() -> Bool { handle.bucket.pointee.terms.load(ordering: .relaxed) & _Word.refusalNoticeFlag != 0 }
        #expect(due())
        #expect(ledger.debit(handle, feature: unit, quantity: 495).isAccepted)
        #expect(ledger.debit(handle, feature: unit, quantity: 10) == .refused(.limitReached))
        #expect(!due())
        clock.advance(days: 31)
        _ = ledger.snapshot(of: AccountID(1))  // rolls the period
        #expect(due())
    }

    @Test("R18: a free debit succeeds when a cap lowered below usage refuses paid ones")
    func freeDebitUnderALoweredCap() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 1)  // 500 included + 1,000 bought
        let ten = Fixtures.feature(ledger, "ten"), unit = Fixtures.feature(ledger, "unit")
        #expect(ledger.debit(handle, feature: ten, quantity: 60).isAccepted)  // 600 credits
        try ledger.setCap(AccountID(1), to: 550)
        try ledger.setGraceWindow(unit, for: AccountID(1), Fixtures.startDayGrace)

        #expect(ledger.debit(handle, feature: ten) == .refused(.capReached))
        #expect(ledger.debit(handle, feature: unit, quantity: 4) == .accepted(charged: 0, usageAfter: 600, limit: 1_500))
        #expect(ledger.decisions(for: [Debit(account: AccountID(1), feature: unit)])
                == [.accepted(charged: 0, usageAfter: 600, limit: 1_500)])
        let log = ledger.usageLog(of: AccountID(1), from: Fixtures.start, until: Fixtures.start.adding(days: 1))
        #expect(log.first { $0.feature == "unit" }?.timesRun == 5)
        #expect(ledger.usage(1) == 600)
    }

    @Test("a batch by id debits an id reopened after the batch found its candidate", arguments: [1, 5, 15, 20, 40])
    func batchSeesAReopenedID(position: Int) throws {
        let sink = ReopeningSink()
        let (ledger, _) = Fixtures.ledger(sink: sink)
        let unit = Fixtures.feature(ledger, "unit")
        for id in 1...100 { try Fixtures.open(ledger, UInt64(id)) }
        // The first accepted debit closes account 50 and opens its id again, while the
        // batch's pipeline already holds account 50's old bucket as its candidate.
        sink.arm(ledger: ledger, id: 50)
        var batch = (0..<60).map { Debit(account: AccountID(UInt64($0 % 40 + 1)), feature: unit) }
        batch[position] = Debit(account: AccountID(50), feature: unit)
        let decisions = ledger.decisions(for: batch)
        #expect(sink.reopened)
        #expect(decisions[position] == .accepted(charged: 1, usageAfter: 1, limit: 500))
        #expect(decisions.allSatisfy { $0.isAccepted })
        #expect(ledger.usage(50) == 1)
    }
}

/// A sink that, on the first debit it records, closes one account and opens its id again.
private final class ReopeningSink: DebitSink {
    private let target = Mutex<(ledger: Ledger?, id: UInt64, done: Bool)>((nil, 0, false))

    func arm(ledger: Ledger, id: UInt64) { target.withLock { $0 = (ledger, id, false) } }

    var reopened: Bool { target.withLock { $0.done } }

    func record(_ debit: AcceptedDebit) {
        let armed = target.withLock { state -> (Ledger, UInt64)? in
            guard let ledger = state.ledger, !state.done else { return nil }
            state.done = true
            return (ledger, state.id)
        }
        guard let (ledger, id) = armed else { return }
        try? ledger.close(AccountID(id))
        _ = try? Fixtures.open(ledger, id)
    }
}

extension FrozenAndFreeTests {
    @Test("R11: closing an account closes its period once, with the usage up to the close")
    func closingClosesThePeriod() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 1, mode: .payAsYouGo)  // limit 1,500
        let ten = Fixtures.feature(ledger, "ten")
        #expect(ledger.debit(handle, feature: ten, quantity: 160).isAccepted)  // 1,600: 100 over
        let period = try #require(ledger.snapshot(of: AccountID(1))?.period)
        try ledger.close(AccountID(1))
        let closed = ClosedPeriod(period: period, usage: 1_600, monthlyLimit: 1_500, mode: .payAsYouGo)
        #expect(ledger.closedPeriods(of: AccountID(1)) == [closed])
        clock.advance(days: 40)
        #expect(ledger.debit(handle, feature: ten) == .refused(.unknownAccount))
        #expect(ledger.closedPeriods(of: AccountID(1)) == [closed])
    }
}
