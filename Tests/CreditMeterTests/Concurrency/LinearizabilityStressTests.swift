import CreditMeter
import MeterTools
import Synchronization
import Testing

/// I4: a control operation is wholly before or wholly after each debit. Debits that start
/// after the control call has returned must see its effect; the clock moving during load
/// puts every debit in exactly one period.
@Suite("I4 control operations racing debits", .serialized)
struct LinearizabilityStressTests {
    /// A debit of ``race(ledger:accounts:feature:control:)``: the phase it started in (1:
    /// after the control call returned), its account and its decision.
    typealias RacedDebit = (phase: Int, account: UInt64, decision: DebitDecision)

    /// Credits accepted per account over `debits`, as a ``Tally`` counts them.
    static func accepted(_ debits: [RacedDebit]) -> [UInt64: UInt64] {
        var tally = Tally()
        for debit in debits { tally.note(debit.account, debit.decision) }
        return tally.accepted
    }

    /// Debits continuously on a few hot accounts while the main thread applies `control`
    /// once the load is running; returns each debit tagged with the phase it started in.
    static func race(
        ledger: Ledger, accounts: [UInt64], feature: FeatureIndex,
        control: @escaping @Sendable () throws -> Void
    ) async throws -> [RacedDebit] {
        let phase = Atomic<Int>(0)
        let started = Atomic<Int>(0)
        let results = Mutex<[(Int, UInt64, DebitDecision)]>([])
        let controlError = Mutex<(any Error)?>(nil)
        let outcomes = try await Stress.run(threads: 5) { index -> [(Int, UInt64, DebitDecision)] in
            if index == 0 {
                Stress.spin { started.load(ordering: .acquiring) >= 20_000 }
                do { try control() } catch { controlError.withLock { $0 = error } }
                phase.store(1, ordering: .releasing)
                return []
            }
            var local: [(Int, UInt64, DebitDecision)] = []
            var rng = Xoshiro256(seed: UInt64(index))
            // At least 40,000 debits, and at least 5,000 after the control call returned,
            // however long the control call takes.
            var afterControl = 0
            while local.count < 40_000 * Stress.scale || afterControl < 5_000 {
                let seen = phase.load(ordering: .acquiring)
                let account = accounts.randomElement(using: &rng)!
                local.append((seen, account, ledger.debit(account: AccountID(account), feature: feature)))
                started.add(1, ordering: .relaxed)
                afterControl += seen
            }
            return local
        }
        if let error = controlError.withLock({ $0 }) { throw error }
        results.withLock { $0 = outcomes.flatMap { $0 } }
        return results.withLock { $0 }
    }

    /// With `reads`, every cap change is followed by that many snapshots per account:
    /// exclusive sections that change no configuration and keep the version, so debits in
    /// flight across them may still succeed.
    @Test("I4: once a cap decrease returns, no debit passes the new cap", arguments: [0, 3])
    func capDecrease(reads: Int) async throws {
        let newCap: UInt64 = 30_000
        // The check below only tests something if a debit that started after the call
        // returned was accepted, that is if an account still had room under the new cap. If
        // the control thread was held off the CPU until every account had passed it, race
        // again on a fresh ledger; a few attempts at most.
        var acceptedAfter = 0
        for _ in 0..<5 where acceptedAfter == 0 {
            let (ledger, _) = Fixtures.ledger()
            for id in 1...3 as ClosedRange<UInt64> { try Fixtures.open(ledger, id, packs: 500, mode: .payAsYouGo) }
            let unit = Fixtures.feature(ledger, "unit")
            let debits = try await Self.race(ledger: ledger, accounts: [1, 2, 3], feature: unit) {
                // Many changes widen the race; the last one sets the cap under test.
                for step in (0...300).reversed() {
                    for id in 1...3 as ClosedRange<UInt64> {
                        try ledger.setCap(AccountID(id), to: newCap + UInt64(step) * 100)
                        for _ in 0..<reads { _ = ledger.snapshot(of: AccountID(id)) }
                    }
                }
            }
            let after = debits.filter { $0.phase == 1 }
            acceptedAfter = after.count { $0.decision.isAccepted }
            for (_, _, decision) in after {
                if case .accepted(_, let usage, _) = decision { #expect(usage <= newCap) }
            }
            let accepted = Self.accepted(debits)
            // No capacity was lost either: each account ends at the new cap or where the cap found it.
            for id in 1...3 as ClosedRange<UInt64> {
                #expect(ledger.usage(id) == accepted[id, default: 0])
                let usage = try #require(ledger.usage(id))
                let refusedAfterCap = after.contains { $0.account == id && $0.decision == .refused(.capReached) }
                if refusedAfterCap { #expect(usage >= newCap) }
            }
            #expect(ledger.auditInvariants().isEmpty)
        }
        #expect(acceptedAfter > 0, "in every attempt all accounts had passed the new cap before it was set")
    }

    @Test("I4: once a pause returns, every debit is refused with the pause")
    func pause() async throws {
        let (ledger, _) = Fixtures.ledger()
        for id in 1...2 as ClosedRange<UInt64> { try Fixtures.open(ledger, id, packs: 5_000) }
        let unit = Fixtures.feature(ledger, "unit")
        let debits = try await Self.race(ledger: ledger, accounts: [1, 2], feature: unit) {
            for step in 0...401 {
                try ledger.setPaused(AccountID(1), step % 2 == 1)
                try ledger.setFeaturePaused(unit, for: AccountID(2), step % 2 == 1)
            }
        }
        // Debits were accepted on both accounts before the pauses (the race starts only after
        // 20,000 debits), so the refusals below are the pause's, not an engine refusing all.
        for id in 1...2 as ClosedRange<UInt64> {
            #expect(debits.contains { $0.phase == 0 && $0.account == id && $0.decision.isAccepted })
        }
        let after = debits.filter { $0.phase == 1 }
        #expect(after.allSatisfy { $0.decision == .refused($0.account == 1 ? .accountPaused : .featurePaused) })
        let accepted = Self.accepted(debits)
        for id in 1...2 as ClosedRange<UInt64> { #expect(ledger.usage(id) == accepted[id, default: 0]) }
    }

    @Test("I4, R6: the clock moved into the next period during load: every debit lands in exactly one period")
    func rolloverDuringLoad() async throws {
        let (ledger, clock) = Fixtures.ledger()
        let events = ledger.eventStream()
        let ids: [UInt64] = Array(1...50)
        let oldPeriod = UsagePeriod.containing(Fixtures.start, anchorDay: 15)
        // Half the packs leave as the next period starts (R14), so each decision's limit
        // names the period it landed in: 100,500 the old one, 50,500 the new one (found by
        // a review: with one limit in both, a debit counted in the wrong period could hide).
        for id in ids {
            try Fixtures.open(ledger, id, packs: 100, anchorDay: 15)
            try ledger.scheduleCapacityRemoval(AccountID(id), packs: 50, at: oldPeriod.end)
        }
        let unit = Fixtures.feature(ledger, "unit")
        let debits = try await Self.race(ledger: ledger, accounts: ids, feature: unit) { clock.advance(days: 31) }
        let accepted = Self.accepted(debits)
        var byLimit: [UInt64: [UInt64: UInt64]] = [:]  // limit → account → credits
        for debit in debits {
            guard case .accepted(let charged, _, let limit) = debit.decision else { continue }
            byLimit[limit, default: [:]][debit.account, default: 0] += charged
        }
        #expect(Set(byLimit.keys).isSubset(of: [100_500, 50_500]))
        // Every debit that started after the move landed in the new period.
        let late = debits.filter { $0.phase == 1 }
        #expect(!late.isEmpty && late.allSatisfy { if case .accepted(1, _, 50_500) = $0.decision { true } else { false } })
        for id in ids {
            let account = AccountID(id)
            let closed = ledger.closedPeriods(of: account).filter { $0.period == oldPeriod }.map(\.usage)
            #expect(closed.count == 1)
            let current = try #require(ledger.usage(id))
            #expect((closed.first ?? 0) + current == accepted[id, default: 0])
            // Each debit in exactly the period its decision names.
            #expect(closed.first == byLimit[100_500]?[id] ?? 0)
            #expect(current == byLimit[50_500]?[id] ?? 0)
            // The log agrees with the split: old-period rows sum to the closed usage.
            let oldLog = ledger.usageLog(of: account, from: oldPeriod.start, until: oldPeriod.end)
            #expect(oldLog.creditsUsed == closed.first ?? 0)
        }
        // The period-closed event carries the same final usage as the billing fact.
        let closedEvents = try await EventDrain.collect(events, ledger: ledger).compactMap { event -> (UInt64, UInt64)? in
            if case .periodClosed(let usage) = event.kind, event.period == oldPeriod { return (event.account.rawValue, usage) }
            return nil
        }
        #expect(closedEvents.count == ids.count)
        for (id, usage) in closedEvents {
            #expect(ledger.closedPeriods(of: AccountID(id)).contains { $0.period == oldPeriod && $0.usage == usage })
        }
    }

    /// One admin change of ``racingAdmin()``'s schedule.
    enum AdminChange: Sendable {
        case buy, cap(UInt64?), mode(OverageMode), pause(Bool), pauseUnit(Bool)
    }

    /// What a debit may be checked against after a number of changes: the cap (`nil` when
    /// there is none or, after a purchase, when R13 may have raised it to a limit the
    /// auto-upgrades moved), and the two pauses.
    struct AdminState: Sendable {
        var cap: UInt64? = 4_000
        var paused = false
        var unitPaused = false
    }

    /// Found by a review: the test ran every change under `try?` and only compared usage with
    /// the accepted credits, so an engine that ignored the changes, or let a debit pass a
    /// lowered cap or a pause, passed. The schedule is now drawn up front, so each accepted
    /// debit is checked against every state it may have seen: those from the changes done
    /// before it started to the one in progress when it returned (I4).
    @Test("I1, I3, I4: racing admin changes: each accepted debit fits a cap and no pause of the states it may have seen")
    func racingAdmin() async throws {
        let (ledger, _) = Fixtures.ledger()
        let ids: [UInt64] = [1, 2, 3, 4]
        for id in ids { try Fixtures.open(ledger, id, packs: 2, cap: 4_000) }
        let features = ["unit", "ten"].map { Fixtures.feature(ledger, $0) }
        var rng = Xoshiro256(seed: 3)
        let schedule: [(account: Int, change: AdminChange)] = (0..<400 * Stress.scale).map { step in
            let change: AdminChange = switch step % 6 {
            case 0: .buy
            case 1, 4: .cap(UInt64.random(in: 1_000...100_000, using: &rng))
            case 2: .mode(Bool.random(using: &rng) ? .payAsYouGo : .autoUpgrade)
            case 3: .pause(Bool.random(using: &rng))
            default: Bool.random(using: &rng) ? .pauseUnit(Bool.random(using: &rng)) : .cap(nil)
            }
            return (Int.random(in: 0..<ids.count, using: &rng), change)
        }
        // states[k][a]: account a after the first k changes.
        var states = [[AdminState](repeating: AdminState(), count: ids.count)]
        for (account, change) in schedule {
            var next = states[states.count - 1]
            switch change {
            case .buy: next[account].cap = nil
            case .cap(let cap): next[account].cap = cap
            case .mode: break
            case .pause(let paused): next[account].paused = paused
            case .pauseUnit(let paused): next[account].unitPaused = paused
            }
            states.append(next)
        }
        let table = states
        let applied = Atomic<Int>(0)
        let stop = StopFlag()
        let progress = Atomic<Int>(0)
        let outcomes = try await Stress.run(threads: 6) { index -> (tally: Tally, checked: Int, violations: [String]) in
            var tally = Tally(), checked = 0, violations: [String] = []
            if index == 0 {
                for (step, (account, change)) in schedule.enumerated() {
                    // Each change waits until the workers have debited a while since the last
                    // one, so the changes are spread over the load however threads are scheduled.
                    Stress.spin { progress.load(ordering: .relaxed) >= (step + 1) * 200 }
                    let id = AccountID(ids[account])
                    do {
                        switch change {
                        case .buy: try ledger.buyCapacity(id, packs: 1)
                        case .cap(let cap): try ledger.setCap(id, to: cap)
                        case .mode(let mode): _ = try ledger.setOverageMode(id, to: mode)
                        case .pause(let paused): try ledger.setPaused(id, paused)
                        case .pauseUnit(let paused): try ledger.setFeaturePaused(features[0], for: id, paused)
                        }
                    } catch {
                        violations.append("change \(step) (\(change)) on account \(id) threw \(error)")
                    }
                    applied.store(step + 1, ordering: .releasing)
                }
                stop.stop()
                return (tally, 0, violations)
            }
            var rng = Xoshiro256(seed: UInt64(index) &* 7 &+ 3)
            while !stop.isStopped {
                let account = Int.random(in: 0..<ids.count, using: &rng)
                let unit = Bool.random(using: &rng)
                let before = applied.load(ordering: .acquiring)
                let decision = ledger.debit(account: AccountID(ids[account]), feature: features[unit ? 0 : 1],
                                            quantity: UInt32.random(in: 1...3, using: &rng))
                let after = applied.load(ordering: .acquiring)
                tally.note(ids[account], decision)
                progress.add(1, ordering: .relaxed)
                guard case .accepted(_, let usage, _) = decision else { continue }
                let seen = table[before...min(after + 1, table.count - 1)].map { $0[account] }
                if seen.allSatisfy(\.paused) || unit && seen.allSatisfy(\.unitPaused) {
                    violations.append("account \(ids[account]) accepted a debit while paused throughout (changes \(before)...\(after + 1))")
                }
                let caps = seen.map(\.cap)
                if !caps.contains(nil) {
                    checked += 1
                    let bound = caps.compactMap { $0 }.max() ?? 0
                    if usage > bound { violations.append("account \(ids[account]) reached \(usage) past every cap in force (at most \(bound))") }
                }
            }
            return (tally, checked, violations)
        }
        let violations = outcomes.flatMap(\.violations)
        #expect(violations.isEmpty, "\(violations.count) violations, the first: \(violations.prefix(3))")
        // The check had something to check: many debits under a known cap.
        #expect(outcomes.reduce(0) { $0 + $1.checked } > 5_000)
        let total = Tally.merged(outcomes.map(\.tally))
        #expect(Set(total.refused.keys).isSuperset(of: [.capReached, .accountPaused]))
        for id in ids { #expect(ledger.usage(id) == total.accepted[id, default: 0]) }
        #expect(ledger.auditInvariants().isEmpty)
    }
}
