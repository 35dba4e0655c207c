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
        let outcomes = await Stress.run(threads: 5) { index -> [(Int, UInt64, DebitDecision)] in
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
        for id in ids { try Fixtures.open(ledger, id, packs: 100, anchorDay: 15) }
        let unit = Fixtures.feature(ledger, "unit")
        let debits = try await Self.race(ledger: ledger, accounts: ids, feature: unit) { clock.advance(days: 31) }
        let accepted = Self.accepted(debits)
        let oldPeriod = UsagePeriod.containing(Fixtures.start, anchorDay: 15)
        for id in ids {
            let account = AccountID(id)
            let closed = ledger.closedPeriods(of: account).filter { $0.period == oldPeriod }.map(\.usage)
            #expect(closed.count == 1)
            let current = try #require(ledger.usage(id))
            #expect((closed.first ?? 0) + current == accepted[id, default: 0])
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
        // Debits that started after the move were all counted in the new period.
        let lateAccepted = Self.accepted(debits.filter { $0.phase == 1 })
        for id in ids { #expect(try #require(ledger.usage(id)) >= lateAccepted[id, default: 0]) }
    }

    @Test("I1, I3: racing admin changes (packs, caps, modes, pauses) keep the books exact")
    func racingAdmin() async throws {
        let (ledger, _) = Fixtures.ledger()
        let ids: [UInt64] = [1, 2, 3, 4]
        for id in ids { try Fixtures.open(ledger, id, packs: 2, cap: 4_000) }
        let features = ["unit", "ten"].map { Fixtures.feature(ledger, $0) }
        let stop = StopFlag()
        let progress = Atomic<Int>(0)
        let tallies = await Stress.run(threads: 6) { index -> Tally in
            var rng = Xoshiro256(seed: UInt64(index) &* 7 &+ 3)
            var tally = Tally()
            if index == 0 {
                for step in 0..<400 * Stress.scale {
                    // Each change waits until the workers have debited a while since the last
                    // one, so the changes are spread over the load however threads are scheduled.
                    Stress.spin { progress.load(ordering: .relaxed) >= (step + 1) * 50 }
                    let id = AccountID(ids.randomElement(using: &rng)!)
                    switch step % 6 {
                    case 0: try? ledger.buyCapacity(id, packs: 1)
                    case 1: try? ledger.setCap(id, to: UInt64.random(in: 1_000...12_000, using: &rng))
                    case 2: _ = try? ledger.setOverageMode(id, to: Bool.random(using: &rng) ? .payAsYouGo : .autoUpgrade)
                    case 3: try? ledger.setPaused(id, Bool.random(using: &rng))
                    case 4: try? ledger.setFeaturePaused(features[0], for: id, Bool.random(using: &rng))
                    default: try? ledger.setCap(id, to: nil)
                    }
                }
                stop.stop()
                return tally
            }
            while !stop.isStopped {
                let id = ids.randomElement(using: &rng)!
                tally.note(id, ledger.debit(account: AccountID(id), feature: features.randomElement(using: &rng)!,
                                            quantity: UInt32.random(in: 1...3, using: &rng)))
                progress.add(1, ordering: .relaxed)
            }
            return tally
        }
        let total = Tally.merged(tallies)
        #expect(total.accepted.values.reduce(0, +) > 0)
        for id in ids { #expect(ledger.usage(id) == total.accepted[id, default: 0]) }
        #expect(ledger.auditInvariants().isEmpty)
    }
}
