@testable import CreditMeter
import MeterTools
import Synchronization
import Testing

/// A grace window that ends on the roll's day, with 8 threads debiting its account while
/// the clock moves into the next period: the roll that drops the account's rules races
/// checked debits that read them, and a feature pause follows the roll while debits race
/// it (R17, R18, I3, I4). Paced like ``ControlRaceTests``: the control thread moves on only
/// once every account has accepted enough debits that started in the current phase (or
/// the pacing bound fails the test).
@Suite("Rules dropped at a period roll while threads debit", .serialized)
struct RuleDropRaceTests {
    /// The accounts, each hammered by every worker.
    static let ids: [UInt64] = [1, 2, 3, 4]
    static let oldPeriod = UsagePeriod.containing(Fixtures.start, anchorDay: 15)
    static let newPeriod = oldPeriod.next(anchorDay: 15)
    /// Each period's limit: 500 + 10 packs, 6 of which leave at the period end (R14), so an
    /// accepted debit's limit names the period it counted in (pay-as-you-go: no debit
    /// changes the limit within a period).
    static let limits: [UInt64] = [10_500, 4_500]
    /// Debits each account must see in a phase before the control thread moves on.
    static let perPhase = 1_000

    /// What the account's rules are besides the window on `unit`, and what the roll leaves.
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        /// `ten` paused before the run: the rules stay through the roll.
        let tenPausedFirst: Bool
        /// `ten` paused by the control thread just after the clock moves, racing debits.
        /// The pause's own exclusive section rolls the period first if no debit has, so it
        /// always lands after the drop: the rules left hold the pause alone.
        let tenPausedAtRoll: Bool
        /// Whether the rules are gone after the run.
        var dropped: Bool { !tenPausedFirst && !tenPausedAtRoll }
        var tenPaused: Bool { tenPausedFirst || tenPausedAtRoll }
    }

    static let cases: [Case] = [
        Case(description: "the window's end drops the rules", tenPausedFirst: false, tenPausedAtRoll: false),
        Case(description: "a paused feature keeps them", tenPausedFirst: true, tenPausedAtRoll: false),
        Case(description: "a pause after the roll's drop, racing debits", tenPausedFirst: false, tenPausedAtRoll: true),
    ]

    /// One worker's record, by period (0 old, 1 new) and account index.
    struct Log: Sendable {
        var credits = [[UInt64]](repeating: [UInt64](repeating: 0, count: ids.count), count: 2)
        var unitActions = [[UInt64]](repeating: [UInt64](repeating: 0, count: ids.count), count: 2)
        var tenActions = [[UInt64]](repeating: [UInt64](repeating: 0, count: ids.count), count: 2)
        /// `featurePaused` refusals by the phase their debit started in.
        var pausedRefusals = [0, 0, 0]
        var failures: [String] = []
    }

    @Test("R17, R18, I3, I4: a roll drops ended rules while 8 threads debit: each debit priced by its period, a racing pause holds", arguments: cases)
    func rollDropsRulesUnderLoad(_ c: Case) async throws {
        let (ledger, clock) = Fixtures.ledger()
        let unit = Fixtures.feature(ledger, "unit"), ten = Fixtures.feature(ledger, "ten")
        var handles: [AccountHandle] = []
        for id in Self.ids {
            handles.append(try Fixtures.open(ledger, id, packs: 10, mode: .payAsYouGo, anchorDay: 15))
            try ledger.scheduleCapacityRemoval(AccountID(id), packs: 6, at: Self.oldPeriod.end)
            // Free through the old period, ended on the new one's first day (R18).
            try ledger.setGraceWindow(unit, for: AccountID(id), GraceWindow(from: Fixtures.start, until: Self.oldPeriod.end))
            if c.tenPausedFirst { try ledger.setFeaturePaused(ten, for: AccountID(id), true) }
        }
        let handleList = handles
        // 0: before the clock moved; 1: after; 2: after the pause returned (if any).
        let phase = Atomic<Int>(0)
        // [phase][account]: accepted debits that started in that phase.
        let seen = (0..<3).map { _ in ControlRaceTests.cells(Self.ids.count) }
        let progress = Atomic<Int>(0)
        let stop = StopFlag()
        let bound = 2_000_000 * Stress.scale
        @Sendable func paced(_ current: Int) -> Bool {
            ControlRaceTests.pace(progress, within: bound) {
                seen[current].allSatisfy { $0.value.load(ordering: .acquiring) >= Self.perPhase }
            }
        }
        let logs = try await Stress.run(threads: ControlRaceTests.workers + 1) { index -> Log in
            var log = Log()
            if index == 0 {
                if !paced(0) { log.failures.append("too few debits before the clock moved") }
                clock.advance(days: 31)  // the new period's first day: the window has ended
                phase.store(1, ordering: .releasing)
                if c.tenPausedAtRoll {
                    do {
                        for id in Self.ids { try ledger.setFeaturePaused(ten, for: AccountID(id), true) }
                    } catch {
                        log.failures.append("pause: \(error)")
                    }
                    phase.store(2, ordering: .releasing)
                }
                if !paced(c.tenPausedAtRoll ? 2 : 1) { log.failures.append("too few debits after the clock moved") }
                stop.stop()
                return log
            }
            var step = 0
            while !stop.isStopped {
                let (account, quantity) = ControlRaceTests.nextDebit(step: step, worker: index, accounts: Self.ids.count)
                // Each account gets `unit` and `ten` in turn, round after round.
                let feature = (step + index) / Self.ids.count % 2 == 0 ? unit : ten
                step += 1
                let started = phase.load(ordering: .acquiring)
                let decision = ledger.debit(handleList[account], feature: feature, quantity: quantity)
                progress.add(1, ordering: .relaxed)
                guard case .accepted(let charged, _, let limit) = decision else {
                    // Only a paused `ten` is refused: paused before the run, or by a pause
                    // that came before the debit linearized (it may have started earlier).
                    let allowed = feature == ten && c.tenPaused
                    if decision.refusal == .featurePaused, allowed {
                        log.pausedRefusals[started] += 1
                    } else {
                        log.failures.append("\(decision) for account \(Self.ids[account]) in phase \(started)")
                    }
                    continue
                }
                guard let period = Self.limits.firstIndex(of: limit) else {
                    log.failures.append("accepted under limit \(limit), neither period's")
                    continue
                }
                // I4: a debit that started after the clock moved counts in the new period,
                // and one that started after the pause returned is refused.
                if started >= 1, period == 0 { log.failures.append("a debit of phase \(started) counted in the old period") }
                if feature == ten, c.tenPausedFirst || (started == 2) {
                    log.failures.append("ten accepted in phase \(started) while paused")
                }
                // R18: `unit` is free in the old period only; `ten` always costs 10.
                let price: UInt64 = feature == ten ? 10 : period == 0 ? 0 : 1
                if charged != price * UInt64(quantity) {
                    log.failures.append("charged \(charged) for \(quantity) of \(feature == ten ? "ten" : "unit") in period \(period)")
                }
                log.credits[period][account] += charged
                if feature == unit {
                    log.unitActions[period][account] += UInt64(quantity)
                } else {
                    log.tenActions[period][account] += UInt64(quantity)
                }
                seen[started][account].value.add(1, ordering: .relaxed)
            }
            return log
        }
        let failures = logs.flatMap(\.failures)
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
        func total(_ part: KeyPath<Log, [[UInt64]]>, _ period: Int, _ account: Int) -> UInt64 {
            logs.reduce(0) { $0 + $1[keyPath: part][period][account] }
        }
        let days = [(Self.oldPeriod.start, Self.oldPeriod.end), (Self.newPeriod.start, Self.newPeriod.end)]
        for (account, id) in Self.ids.enumerated() {
            // Both sides of the move, by construction.
            #expect(total(\.unitActions, 0, account) > 0 && total(\.unitActions, 1, account) > 0, "account \(id)")
            // I3: each period's credits, actions by feature, and log, as the workers counted.
            #expect(ledger.usage(id) == total(\.credits, 1, account), "account \(id)")
            #expect(ledger.closedPeriods(of: AccountID(id)).map(\.usage) == [total(\.credits, 0, account)], "account \(id)")
            for (period, (from, until)) in days.enumerated() {
                let log = ledger.usageLog(of: AccountID(id), from: from, until: until)
                let unitLines = log.filter { $0.feature == "unit" }, tenLines = log.filter { $0.feature == "ten" }
                #expect(unitLines.timesRun == total(\.unitActions, period, account), "account \(id), period \(period)")
                #expect(tenLines.timesRun == total(\.tenActions, period, account), "account \(id), period \(period)")
                #expect(unitLines.creditsUsed == (period == 0 ? 0 : total(\.unitActions, period, account)), "account \(id), period \(period)")
            }
            // What the roll left: rules dropped only when none applies, and a pause kept.
            let slot = try #require(ledger.registry.slot(of: id))
            let rules = ledger.ruleSets.withLock { $0[slot] }
            #expect((rules == nil) == c.dropped, "account \(id)")
            #expect((handleList[account].bucket.pointee.terms.load(ordering: .relaxed) & _Word.ruledFlag == 0) == c.dropped)
            #expect(ledger.debit(handleList[account], feature: ten).refusal == (c.tenPaused ? .featurePaused : nil))
            // A pause before the run keeps every rule whole; one after the drop stands alone.
            #expect(rules?.paused == (c.tenPaused ? [ten.rawValue] : nil), "account \(id)")
            #expect(rules?.grace.keys.sorted() == (c.tenPausedFirst ? [unit.rawValue] : c.tenPausedAtRoll ? [] : nil), "account \(id)")
        }
        // Refusals of a paused `ten`: through the run, or from the pause's return on.
        let refused = (0..<3).map { phase in logs.reduce(0) { $0 + $1.pausedRefusals[phase] } }
        if c.tenPausedFirst { #expect(refused[0] > 0 && refused[1] > 0) }
        if c.tenPausedAtRoll { #expect(refused[2] > 0) }
        #expect(ledger.auditInvariants().isEmpty)
    }
}
