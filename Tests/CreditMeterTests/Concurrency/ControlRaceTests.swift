import CreditMeter
import Foundation
import MeterTools
import Synchronization
import Testing

/// Control operations racing debits on hot accounts: 8 debiting threads and a control
/// thread that is paced on the debits' progress, so that every race has debits on both
/// sides of the control call by construction (I4, I5, R9-R13, R19, R20), and the clock (R7).
@Suite("Control operations racing debits on hot accounts", .serialized)
struct ControlRaceTests {
    /// The debiting threads; the control thread comes on top of them.
    static let workers = Stress.threads

    /// A counter or flag per account, shared by the workers and the control thread.
    final class Cell: Sendable {
        let value = Atomic<Int>(0)
    }

    static func cells(_ count: Int) -> [Cell] { (0..<count).map { _ in Cell() } }

    /// A worker's `step`-th debit: every thread on every account, each with quantities 1, 2,
    /// 3 in turn, so unit debits keep coming and usage can reach each limit exactly.
    static func nextDebit(step: Int, worker: Int, accounts: Int) -> (account: Int, quantity: UInt32) {
        ((step + worker) % accounts, UInt32(1 + (step / accounts + worker) % 3))
    }

    /// A worker's loop: until `stop`, calls `debit(account, quantity)` for each of its debits
    /// in ``nextDebit(step:worker:accounts:)`` order (the call reads what the test needs, makes
    /// the debit and records it), then counts a step of `progress` for the control thread.
    static func work(_ worker: Int, accounts: Int, progress: borrowing Atomic<Int>, until stop: StopFlag,
                     _ debit: (_ account: Int, _ quantity: UInt32) -> Void) {
        var step = 0
        while !stop.isStopped {
            let (account, quantity) = nextDebit(step: step, worker: worker, accounts: accounts)
            debit(account, quantity)
            progress.add(1, ordering: .relaxed)
            step += 1
        }
    }

    /// Spins until `condition` holds or the workers have made `limit` more steps of
    /// `progress`, so that an engine bug that keeps `condition` false fails the test instead
    /// of hanging it.
    /// - Returns: whether `condition` held.
    static func pace(_ progress: borrowing Atomic<Int>, within limit: Int, until condition: () -> Bool) -> Bool {
        let start = progress.load(ordering: .relaxed)
        Stress.spin { condition() || progress.load(ordering: .relaxed) - start >= limit }
        return condition()
    }

    /// What one thread of a race saw: a worker's decisions, or the control thread's pacing.
    struct Log: Sendable {
        /// Credits accepted, by the phase the debit started in or the period it counted in
        /// (see each test), then by account index.
        var accepted: [[UInt64]] = []
        var refused: [Refusal: Int] = [:]
        /// Control thread: whether each pacing condition was met (not cut short by the bound).
        var paced: [Bool] = []
        var failures: [String] = []
    }

    // MARK: 1. Cap notifications under contention

    /// An account with a cap that the control thread raises once usage has reached it.
    struct CapCase: Sendable {
        let subscriptions: [Subscription]
        let packs: Int
        let mode: OverageMode
        let cap: UInt64
        let raisedCap: UInt64
        /// Every event of the period, in order (usage only rises, and one debit of at most
        /// 3 credits crosses one threshold, or 100 % with "past the limit" and its upgrade).
        let events: [MeterEvent.Kind]
    }

    static let capCases: [CapCase] = [
        // 1,500, pay-as-you-go: 75/85/90/100 % at 1,125/1,275/1,350/1,500, overage past it,
        // then cap 3,000 (approaching at 2,700) and, raised, 4,000 (3,600).
        CapCase(subscriptions: [Subscription(.marketing, .starter)], packs: 1, mode: .payAsYouGo, cap: 3_000, raisedCap: 4_000,
                events: [.usageReached(percent: 75), .usageReached(percent: 85), .usageReached(percent: 90), .usageReached(percent: 100),
                         .limitExceeded(.overage), .capApproaching, .capReached, .capApproaching, .capReached]),
        // The same with auto-upgrade: one pack past 1,500, 2,500 and (after the raise) 3,500.
        CapCase(subscriptions: [Subscription(.marketing, .starter)], packs: 1, mode: .autoUpgrade, cap: 3_000, raisedCap: 4_000,
                events: [.usageReached(percent: 75), .usageReached(percent: 85), .usageReached(percent: 90), .usageReached(percent: 100),
                         .limitExceeded(.upgraded), .autoUpgraded(packs: 1, newLimit: 2_500), .autoUpgraded(packs: 1, newLimit: 3_500),
                         .capApproaching, .capReached,
                         .autoUpgraded(packs: 1, newLimit: 4_500), .capApproaching, .capReached]),
        // 6,000 with a cap below it: 75 % (4,500), cap 5,200 approaching (4,680), 85 % (5,100),
        // cap reached; raised to 5,800: approaching (5,220), 90 % (5,400), reached.
        CapCase(subscriptions: [Subscription(.marketing, .enterprise)], packs: 1, mode: .payAsYouGo, cap: 5_200, raisedCap: 5_800,
                events: [.usageReached(percent: 75), .capApproaching, .usageReached(percent: 85), .capReached,
                         .capApproaching, .usageReached(percent: 90), .capReached]),
        // A cap raised by too little to be news for "approaching": 90 % of 2,100 is 1,890,
        // below the usage of 2,000 at the raise, so only "reached" fires again.
        CapCase(subscriptions: [Subscription(.dataHub, .professional)], packs: 2, mode: .autoUpgrade, cap: 2_000, raisedCap: 2_100,
                events: [.capApproaching, .capReached, .capReached]),
    ]

    @Test("I5, R19, R20, R13: caps raised while 8 threads hammer capped hot accounts: each threshold once a period, each cap notice once per cap")
    func capNotificationsUnderContention() async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        let cases = Self.capCases
        let ids = (1...cases.count).map { UInt64($0) }
        for (id, c) in zip(ids, cases) {
            try Fixtures.open(ledger, id, subscriptions: c.subscriptions, packs: c.packs, mode: c.mode, cap: c.cap)
        }
        let unit = Fixtures.feature(ledger, "unit")
        // Per account: 0 until its cap was raised, 1 after, 2 once lowered and raised back.
        let phase = Self.cells(ids.count)
        let progress = Atomic<Int>(0)
        let stop = StopFlag()
        // [phase][account]: a unit debit started in that phase was refused at the cap, so
        // usage was at the cap then (I2).
        let atCap = [Self.cells(ids.count), Self.cells(ids.count)]
        let bound = 2_000_000 * Stress.scale
        let logs = try await Stress.run(threads: Self.workers + 1) { index -> Log in
            var log = Log()
            if index == 0 {
                // Raise the caps only once every account was refused at its first cap...
                log.paced.append(Self.pace(progress, within: bound) { atCap[0].allSatisfy { $0.value.load(ordering: .acquiring) != 0 } })
                for (account, (id, c)) in zip(ids, cases).enumerated() {
                    do { try ledger.setCap(AccountID(id), to: c.raisedCap) } catch { log.failures.append("\(error)") }
                    phase[account].value.store(1, ordering: .releasing)
                }
                // ...and stop only once every account was refused at the raised one by a
                // debit that started after the raise returned.
                log.paced.append(Self.pace(progress, within: bound) { atCap[1].allSatisfy { $0.value.load(ordering: .acquiring) != 0 } })
                // Lowering a cap back and raising it again notifies nothing twice.
                for (account, (id, c)) in zip(ids, cases).enumerated() {
                    do {
                        try ledger.setCap(AccountID(id), to: c.cap)
                        try ledger.setCap(AccountID(id), to: c.raisedCap)
                    } catch { log.failures.append("\(error)") }
                    phase[account].value.store(2, ordering: .releasing)
                }
                let seen = progress.load(ordering: .relaxed)
                Stress.spin { progress.load(ordering: .relaxed) >= seen + 100 * Self.workers }
                stop.stop()
                return log
            }
            log.accepted = Array(repeating: Array(repeating: 0, count: ids.count), count: 3)
            Self.work(index, accounts: ids.count, progress: progress, until: stop) { account, quantity in
                let seen = phase[account].value.load(ordering: .acquiring)
                let decision = ledger.debit(account: AccountID(ids[account]), feature: unit, quantity: quantity)
                switch decision {
                case .accepted(let charged, _, _):
                    log.accepted[seen][account] += charged
                case .refused(let reason):
                    log.refused[reason, default: 0] += 1
                    if reason == .capReached, quantity == 1, seen < 2 { atCap[seen][account].value.store(1, ordering: .releasing) }
                }
            }
            return log
        }
        let control = logs[0]
        #expect(control.failures.isEmpty)
        #expect(control.paced == [true, true], "an account never reached its cap (first, then raised)")
        let workers = logs.dropFirst()
        #expect(Set(workers.flatMap(\.refused.keys)) == [.capReached])
        for (account, (id, c)) in zip(ids, cases).enumerated() {
            let before = workers.reduce(0) { $0 + $1.accepted[0][account] }
            let after = workers.reduce(0) { $0 + $1.accepted[1][account] + $1.accepted[2][account] }
            // Both sides of the raise, by construction: usage reached the first cap before
            // it, and from there to the raised cap (100 credits or more) is more than the
            // debits in flight across the raise (one a thread, at most 24 credits) can take.
            #expect(before > 0 && after > 0)
            #expect(ledger.usage(id) == c.raisedCap)  // I1, I2
            #expect(before + after == c.raisedCap)
        }
        #expect(ledger.snapshot(of: AccountID(2))?.upgradedPacks == 3)
        let seen = try await EventDrain.collect(events, ledger: ledger)
        #expect(Set(seen.map(\.account)) == Set(ids.map { AccountID($0) }))
        for (id, c) in zip(ids, cases) {
            let kinds = seen.filter { $0.account == AccountID(id) }.map(\.kind)
            #expect(kinds == c.events, "account \(id)")
        }
        #expect(ledger.auditInvariants().isEmpty)
    }

    // MARK: 2. Capacity bought or a cap raised resumes at once

    /// One debit of a race: what it raced (an account in ``resumesAtOnce()``, a round in
    /// ``overageModeRacingFirstDebits()``), whether it started after that one's control call
    /// returned, and its place among the debits and control calls there.
    struct Step: Sendable {
        let subject: Int
        let afterControl: Bool
        /// The tick when the debit started, and the tick its end made.
        let start: Int
        let end: Int
        let decision: DebitDecision
    }

    @Test("I4, I1, I2, R9, R10, R13: capacity bought or a cap raised while 8 threads are refused at the limit resumes debits at once")
    func resumesAtOnce() async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        // 1, 2: hard stop at 500 (no capacity), then capacity bought or added: no hard limit.
        // 3: 1,500 auto-upgrade, stopped at cap 2,000, raised to 3,000.
        // 4: 1,500 pay-as-you-go, stopped at cap 2,000; 2 packs bought: limit 3,500 > cap, so
        //    the cap becomes 3,500 (R13).
        try Fixtures.open(ledger, 1)
        try Fixtures.open(ledger, 2)
        try Fixtures.open(ledger, 3, packs: 1, mode: .autoUpgrade, cap: 2_000)
        try Fixtures.open(ledger, 4, packs: 1, mode: .payAsYouGo, cap: 2_000)
        let ids: [UInt64] = [1, 2, 3, 4]
        let stopReason: [Refusal] = [.limitReached, .limitReached, .capReached, .capReached]
        let newHardLimit: [UInt64?] = [nil, nil, 3_000, 3_500]
        let controls: [@Sendable () throws -> Void] = [
            { try ledger.buyCapacity(AccountID(1), packs: 1) },
            { try ledger.addCapacity(AccountID(2), credits: 250) },
            { try ledger.setCap(AccountID(3), to: 3_000) },
            { try ledger.buyCapacity(AccountID(4), packs: 2) },
        ]
        let unit = Fixtures.feature(ledger, "unit")
        let returned = Self.cells(ids.count)    // 1 once the account's control call returned
        let ticks = Self.cells(ids.count)       // one tick per finished debit of the account
        let stopped = Self.cells(ids.count)     // a debit was refused at the limit before the control
        let refusedAfter = Self.cells(ids.count)
        let acceptedAfter = Self.cells(ids.count)
        let progress = Atomic<Int>(0)
        let stop = StopFlag()
        let bound = 2_000_000 * Stress.scale
        let wantedAfter = 2_000 * Stress.scale
        let outcomes = try await Stress.run(threads: Self.workers + 1) { index -> (steps: [Step], log: Log) in
            var log = Log()
            if index == 0 {
                // Every account refused at its limit first, then the control calls, each
                // published as returned as soon as it returns.
                log.paced.append(Self.pace(progress, within: bound) { stopped.allSatisfy { $0.value.load(ordering: .acquiring) != 0 } })
                for (account, control) in controls.enumerated() {
                    do { try control() } catch { log.failures.append("\(error)") }
                    returned[account].value.store(1, ordering: .releasing)
                }
                // Debits that started after the return: accepted on the accounts without a
                // hard limit, and on the capped ones up to a refusal at the new cap.
                log.paced.append(Self.pace(progress, within: bound) {
                    (0..<ids.count).allSatisfy { account in
                        newHardLimit[account] == nil ? acceptedAfter[account].value.load(ordering: .acquiring) >= wantedAfter
                            : refusedAfter[account].value.load(ordering: .acquiring) != 0
                    }
                })
                stop.stop()
                return ([], log)
            }
            var steps: [Step] = []
            var step = 0
            while !stop.isStopped {
                let account = (step + index) % ids.count
                // Read before the debit starts: `after` means it started after the return.
                let after = returned[account].value.load(ordering: .acquiring) != 0
                let start = ticks[account].value.load(ordering: .sequentiallyConsistent)
                let decision = ledger.debit(account: AccountID(ids[account]), feature: unit)
                let end = ticks[account].value.add(1, ordering: .sequentiallyConsistent).newValue
                steps.append(Step(subject: account, afterControl: after, start: start, end: end, decision: decision))
                switch (after, decision.isAccepted) {
                case (false, false): stopped[account].value.store(1, ordering: .releasing)
                case (true, false): refusedAfter[account].value.store(1, ordering: .releasing)
                case (true, true): acceptedAfter[account].value.add(1, ordering: .relaxed)
                case (false, true): break
                }
                progress.add(1, ordering: .relaxed)
                step += 1
            }
            return (steps, log)
        }
        let control = outcomes[0].log
        #expect(control.failures.isEmpty)
        #expect(control.paced == [true, true], "the load did not reach the limits, or did not resume after the control calls")
        let steps = outcomes.flatMap(\.steps)
        for (account, id) in ids.enumerated() {
            let mine = steps.filter { $0.subject == account }
            let before = mine.filter { !$0.afterControl }, after = mine.filter(\.afterControl)
            // Both sides, by construction: refused at the old limit before, accepted after.
            #expect(before.contains { $0.decision == .refused(stopReason[account]) }, "account \(id)")
            #expect(after.contains { $0.decision.isAccepted }, "account \(id)")
            #expect(Set(mine.compactMap(\.decision.refusal)).isSubset(of: [stopReason[account]]), "account \(id)")
            let usage = try #require(ledger.usage(id))
            #expect(usage == mine.reduce(0) { $0 + $1.decision.charged }, "account \(id)")
            let refusedLate = after.filter { !$0.decision.isAccepted }
            if let hard = newHardLimit[account] {
                // A refusal of a debit that started after the return is explained only if
                // usage was at the new cap then; it never falls and the cap stays, so no
                // debit that started after that refusal ended may be accepted.
                let lastAcceptedStart = mine.filter(\.decision.isAccepted).map(\.start).max() ?? -1
                let unexplained = refusedLate.filter { $0.end <= lastAcceptedStart }
                #expect(unexplained.isEmpty, "account \(id): \(unexplained.count) refusals after the return while room was left")
                // I1, I2: unit debits and demand above the new cap: each unit once, ending at it.
                #expect(usage == hard, "account \(id)")
                let usages = mine.compactMap { step -> UInt64? in
                    if case .accepted(_, let usageAfter, _) = step.decision { return usageAfter }
                    return nil
                }
                #expect(usages.sorted() == Array(1...hard), "account \(id)")
                #expect(ledger.snapshot(of: AccountID(id))?.cap == hard)
            } else {
                // No hard limit any more: nothing that started after the return is refused.
                #expect(refusedLate.isEmpty, "account \(id): \(refusedLate.count) refusals after capacity was bought")
                #expect(ledger.snapshot(of: AccountID(id))?.hardLimit == nil)
            }
        }
        let raised = try await EventDrain.collect(events, ledger: ledger).filter { event in
            if case .capRaisedByPurchase = event.kind { return true }
            return false
        }
        #expect(raised.map(\.account) == [AccountID(4)])
        #expect(raised.map(\.kind) == [.capRaisedByPurchase(newCap: 3_500)])
        #expect(ledger.auditInvariants().isEmpty)
    }

    // MARK: 3. An overage-mode change racing the first debits

    @Test("R12, I4, R18: an overage-mode change racing the first debits of a period applies at once only if no credit was used before it")
    func overageModeRacingFirstDebits() async throws {
        let (ledger, clock) = Fixtures.ledger()
        let events = ledger.eventStream()
        // One fresh account a round, 1,500 (one pack), auto-upgrade; the 8 workers debit it
        // while the control thread switches it to pay-as-you-go, once a debit has
        //   0: been accepted with credits: usage is above 0 before the call, so next period;
        //   1: started: the call races the very first debits, either outcome may be right;
        //   2: been accepted for free (R18: a grace window until the call returns): debits
        //      race the call on both sides but no credit is used before it, so at once.
        // Debits that start after the call returned use credits (10 each) past the limit,
        // which shows the setting in force: an upgrade or none.
        let rounds = 90 * Stress.scale
        let unit = Fixtures.feature(ledger, "unit"), ten = Fixtures.feature(ledger, "ten")
        for id in 1...rounds {
            try Fixtures.open(ledger, UInt64(id), packs: 1, mode: .autoUpgrade)
            if id % 3 == 0 {
                try ledger.setGraceWindow(unit, for: AccountID(UInt64(id)), Fixtures.startDayGrace)
            }
        }
        let round = Atomic<Int>(0)
        let ticket = Atomic<Int>(0)           // orders the starts and ends of debits and control calls
        let startedRound = Atomic<Int>(-1)    // the latest round a debit started in (took its ticket)
        let acceptedRound = Atomic<Int>(-1)   // the latest round a debit was accepted in (took its end ticket)
        let returnedRound = Atomic<Int>(-1)   // the latest round whose control call returned
        let passedRound = Atomic<Int>(-1)     // the latest round with a late debit taking usage past 2,000
        let progress = Atomic<Int>(0)
        let bound = 2_000_000 * Stress.scale
        typealias ControlCall = (result: Bool, start: Int, end: Int)
        let outcomes = try await Stress.run(threads: Self.workers + 1) { index -> (steps: [Step], calls: [ControlCall], log: Log) in
            var log = Log()
            if index == 0 {
                var calls: [ControlCall] = []
                for current in 0..<rounds {
                    log.paced.append(Self.pace(progress, within: bound) {
                        (current % 3 == 1 ? startedRound.load(ordering: .acquiring) : acceptedRound.load(ordering: .acquiring)) >= current
                    })
                    let start = ticket.add(1, ordering: .sequentiallyConsistent).newValue
                    var result = false
                    do { result = try ledger.setOverageMode(AccountID(UInt64(current + 1)), to: .payAsYouGo) } catch {
                        log.failures.append("\(error)")
                    }
                    let end = ticket.add(1, ordering: .sequentiallyConsistent).newValue
                    calls.append((result, start, end))
                    returnedRound.store(current, ordering: .releasing)
                    log.paced.append(Self.pace(progress, within: bound) { passedRound.load(ordering: .acquiring) >= current })
                    round.store(current + 1, ordering: .releasing)
                }
                return ([], calls, log)
            }
            var steps: [Step] = []
            while true {
                let current = round.load(ordering: .acquiring)
                guard current < rounds else { break }
                let after = returnedRound.load(ordering: .acquiring) >= current
                let feature = current % 3 == 2 && !after ? unit : ten
                let start = ticket.add(1, ordering: .sequentiallyConsistent).newValue
                _ = startedRound.max(current, ordering: .releasing)
                let decision = ledger.debit(account: AccountID(UInt64(current + 1)), feature: feature)
                let end = ticket.add(1, ordering: .sequentiallyConsistent).newValue
                steps.append(Step(subject: current, afterControl: after, start: start, end: end, decision: decision))
                if case .accepted(_, let usageAfter, _) = decision {
                    _ = acceptedRound.max(current, ordering: .releasing)
                    if after, usageAfter > 2_000 { _ = passedRound.max(current, ordering: .releasing) }
                }
                progress.add(1, ordering: .relaxed)
            }
            return (steps, [], log)
        }
        let control = outcomes[0].log
        #expect(control.failures.isEmpty)
        #expect(control.paced.count == 2 * rounds && control.paced.allSatisfy { $0 }, "a round had no debit before the call or too few after")
        let calls = outcomes[0].calls
        let steps = Dictionary(grouping: outcomes.flatMap(\.steps), by: \.subject)
        let seen = try await EventDrain.collect(events, ledger: ledger)
        for (current, call) in calls.enumerated() {
            let id = AccountID(UInt64(current + 1))
            let mine = steps[current] ?? []
            let paid = mine.filter { $0.decision.charged > 0 }
            // Both sides, by construction: a debit started (kinds 0, 2: was accepted) before
            // the call started, and paid ones that started after it returned.
            #expect(mine.contains { $0.start < call.start } && paid.contains { $0.start > call.end }, "round \(current)")
            #expect(mine.allSatisfy { $0.decision.isAccepted }, "round \(current)")
            if current % 3 == 2 { #expect(mine.contains { $0.decision == .accepted(charged: 0, usageAfter: 0, limit: 1_500) && $0.end < call.start }) }
            let snapshot = try #require(ledger.snapshot(of: id))
            #expect(snapshot.usage == paid.reduce(0) { $0 + $1.decision.charged })
            let limits = Set(paid.compactMap { step -> UInt64? in
                if case .accepted(_, _, let limit) = step.decision { return limit }
                return nil
            })
            let exceeded = seen.filter { $0.account == id }.compactMap { event -> MeterEvent.LimitOutcome? in
                if case .limitExceeded(let outcome) = event.kind { return outcome }
                return nil
            }
            switch current % 3 {
            case 0: #expect(!call.result, "round \(current): applied at once after a debit with credits had returned")
            case 2: #expect(call.result, "round \(current): deferred though only free debits came before it")
            default: break
            }
            if call.result {
                // At once: usage was 0 at its linearization point, so no debit with credits
                // that ended before the call started; pay-as-you-go from the first credit on.
                #expect(!paid.contains { $0.end < call.start }, "round \(current): applied at once after credits were used")
                #expect(snapshot.overageMode == .payAsYouGo && snapshot.pendingOverageMode == nil)
                #expect(snapshot.upgradedPacks == 0 && limits == [1_500] && exceeded == [.overage], "round \(current)")
            } else {
                // Next period: credits were used at its linearization point, so a debit with
                // credits started before the call returned; auto-upgrade stays this period.
                #expect(paid.contains { $0.start < call.end }, "round \(current): deferred with no credit used before it")
                #expect(snapshot.overageMode == .autoUpgrade && snapshot.pendingOverageMode == .payAsYouGo)
                // R11: the smallest number of 1,000-credit packs covering usage past 1,500.
                #expect(snapshot.upgradedPacks == Int((snapshot.usage - 1_500 + 999) / 1_000), "round \(current)")
                #expect(limits.count > 1 && exceeded == [.upgraded], "round \(current)")
            }
        }
        // Every change is in force from the next period, pending or not.
        clock.advance(days: 31)
        for id in 1...rounds {
            let snapshot = try #require(ledger.snapshot(of: AccountID(UInt64(id))))
            #expect(snapshot.overageMode == .payAsYouGo && snapshot.pendingOverageMode == nil)
        }
        #expect(ledger.auditInvariants().isEmpty)
    }

    // MARK: 4. Thresholds after a rollover under load

    @Test("R6, R19, R20, I3, I5: the clock moved into the next period under 8 threads: each threshold fires once in each period, each period closes with its credits")
    func thresholdsAcrossRollover() async throws {
        let (ledger, clock) = Fixtures.ledger()
        let events = ledger.eventStream()
        // 500 + 10 packs = 10,500, pay-as-you-go, no cap; 6 packs leave at the period end
        // (R14), so the next period's limit is 4,500: each accepted debit's limit names the
        // period it was counted in.
        let ids: [UInt64] = [1, 2, 3, 4]
        let oldPeriod = UsagePeriod.containing(Fixtures.start, anchorDay: 15)
        let newPeriod = oldPeriod.next(anchorDay: 15)
        for id in ids {
            try Fixtures.open(ledger, id, packs: 10, mode: .payAsYouGo, anchorDay: 15)
            try ledger.scheduleCapacityRemoval(AccountID(id), packs: 6, at: oldPeriod.end)
        }
        let limits: [UInt64] = [10_500, 4_500]
        let unit = Fixtures.feature(ledger, "unit")
        let advanced = Atomic<Bool>(false)
        // [period][account]: a debit counted in that period took usage to 85 % (a late one
        // for the new period: it started after the clock moved).
        let past85 = [Self.cells(ids.count), Self.cells(ids.count)]
        let progress = Atomic<Int>(0)
        let stop = StopFlag()
        let bound = 2_000_000 * Stress.scale
        let logs = try await Stress.run(threads: Self.workers + 1) { index -> Log in
            var log = Log()
            if index == 0 {
                log.paced.append(Self.pace(progress, within: bound) { past85[0].allSatisfy { $0.value.load(ordering: .acquiring) != 0 } })
                clock.advance(days: 31)
                advanced.store(true, ordering: .releasing)
                log.paced.append(Self.pace(progress, within: bound) { past85[1].allSatisfy { $0.value.load(ordering: .acquiring) != 0 } })
                stop.stop()
                return log
            }
            // [period][account], and a third row for accepted debits in neither period.
            log.accepted = Array(repeating: Array(repeating: 0, count: ids.count), count: 3)
            Self.work(index, accounts: ids.count, progress: progress, until: stop) { account, quantity in
                let late = advanced.load(ordering: .acquiring)
                let decision = ledger.debit(account: AccountID(ids[account]), feature: unit, quantity: quantity)
                if case .accepted(let charged, let usageAfter, let limit) = decision {
                    // A debit that started after the clock moved must count in the new period.
                    let period = limit == limits[1] ? 1 : limit == limits[0] && !late ? 0 : 2
                    log.accepted[period][account] += charged
                    if period == 0 || (period == 1 && late), usageAfter * 100 >= 85 * limits[period] {
                        past85[period][account].value.store(1, ordering: .releasing)
                    }
                } else {
                    log.refused[decision.refusal!, default: 0] += 1
                }
            }
            return log
        }
        #expect(logs[0].paced == [true, true], "usage did not reach 85 % in both periods")
        let workers = logs.dropFirst()
        #expect(workers.allSatisfy { $0.refused.isEmpty })
        let seen = try await EventDrain.collect(events, ledger: ledger)
        for (account, id) in ids.enumerated() {
            let credits = (0..<3).map { period in workers.reduce(0) { $0 + $1.accepted[period][account] } }
            #expect(credits[2] == 0, "account \(id): \(credits[2]) credits accepted under neither period's limit or late in the old one")
            // Both sides of the move, by construction: 85 % of each period's limit.
            #expect(credits[0] * 100 >= 85 * limits[0] && credits[1] * 100 >= 85 * limits[1])
            #expect(ledger.usage(id) == credits[1])
            let account = AccountID(id)
            let closedFacts = ledger.closedPeriods(of: account).filter { $0.period == oldPeriod }.map(\.usage)
            #expect(closedFacts == [credits[0]], "account \(id)")
            for (period, span) in [oldPeriod, newPeriod].enumerated() {
                // Every event of the period, counted: each threshold the period's credits
                // reached exactly once, "past the limit" once if they passed it, and the
                // close (old period only) with exactly its credits.
                var expected: [MeterEvent.Kind: Int] = [:]
                for percent in [75, 85, 90, 100] where credits[period] * 100 >= UInt64(percent) * limits[period] {
                    expected[.usageReached(percent: percent)] = 1
                }
                if credits[period] > limits[period] { expected[.limitExceeded(.overage)] = 1 }
                if period == 0 { expected[.periodClosed(usage: credits[0])] = 1 }
                let kinds = seen.filter { $0.account == account && $0.period == span }
                    .reduce(into: [MeterEvent.Kind: Int]()) { $0[$1.kind, default: 0] += 1 }
                #expect(kinds == expected, "account \(id), period \(period)")
            }
        }
        #expect(ledger.auditInvariants().isEmpty)
    }

    // MARK: 5. The system clock

    /// The UTC day that contains `date`, and the same day by Foundation's UTC calendar.
    static func utcDays(_ date: Date) -> (CalendarDay, CalendarDay?) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let civil = calendar.dateComponents([.year, .month, .day], from: date)
        return (CalendarDay(containing: Int64(date.timeIntervalSince1970.rounded(.down))),
                CalendarDay(year: civil.year!, month: civil.month!, day: civil.day!))
    }

    @Test("R7: the system clock, shared and read from 8 threads, and a ledger's default clock, show the UTC day")
    func systemClockShowsUTCDay() async throws {
        let ledger = Ledger(catalog: Fixtures.catalog)
        let outcomes = try await Stress.run { _ -> (clock: ObjectIdentifier, failures: [String]) in
            let clock = MeterClock.system()
            while true {
                let before = Date()
                let (day, civil) = Self.utcDays(before)
                let (shown, ledgerShown) = (clock.today, ledger.today)
                let afterDate = Date()
                let (after, _) = Self.utcDays(afterDate)
                // Midnight passed between the reads: read again.
                guard day == after else { continue }
                // The timekeeper publishes a new day just after midnight: read again if it
                // is late by a few seconds at most.
                let sinceMidnight = afterDate.timeIntervalSince1970 - Double(day.startSecondsSinceEpoch)
                if shown == day.adding(days: -1) || ledgerShown == day.adding(days: -1), sinceMidnight < 5 {
                    sched_yield()
                    continue
                }
                var failures: [String] = []
                if civil != day { failures.append("CalendarDay(containing:) gives \(day), the UTC calendar \(String(describing: civil))") }
                if shown != day { failures.append("the system clock shows \(shown), the UTC day is \(day)") }
                if ledgerShown != day { failures.append("a ledger's default clock shows \(ledgerShown), the UTC day is \(day)") }
                return (ObjectIdentifier(clock), failures)
            }
        }
        #expect(outcomes.flatMap(\.failures).isEmpty, "\(outcomes.flatMap(\.failures))")
        #expect(Set(outcomes.map(\.clock)) == [ObjectIdentifier(MeterClock.system())])
    }
}
