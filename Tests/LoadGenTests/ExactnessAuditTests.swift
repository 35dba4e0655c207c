import CreditMeter
import LoadGenKit
import Testing

/// The audit on hand-made books: it passes on exact books and names each violation.
@Suite("exactness audit")
struct ExactnessAuditTests {
    static let day = CalendarDay(year: 2026, month: 1, day: 5)!
    static let period = UsagePeriod.containing(day, anchorDay: 1).start.daysSinceEpoch

    /// The hard-stop plan most cases use: Marketing Starter, 500 included, no packs.
    static let hardStop = AccountPlan(id: AccountID(1), kind: .hardStop, subscriptions: [Subscription(.marketing, .starter)],
                                      anchorDay: 1, capacityPacks: 0, overageMode: .autoUpgrade, cap: nil)

    /// One account (by default a hard stop, limit 500) that took 499 credits then was
    /// refused a 2-credit debit (none with `refusedCost` 0); the default events are the
    /// ones an exact engine emits for that (75, 85, 90 % and, for the refusal,
    /// `limitExceeded`).
    static func audit(plan: AccountPlan = hardStop, engineUsage: UInt64 = 499, engineCharge: UInt64 = 499,
                      refusedCost: UInt64 = 2, engineLimit: UInt64 = 500, events: EventTally? = nil,
                      more: (inout ShadowBook) -> Void = { _ in }) -> ExactnessAudit {
        var book = ShadowBook(accounts: 1, features: 1, epochs: 1)
        book.accept(account: 0, feature: 0, epoch: 0, charged: engineCharge, expected: 499, usageAfter: 499, limit: 500)
        if refusedCost > 0 { book.refuseForLimit(account: 0, epoch: 0, cost: refusedCost, atCap: false) }
        more(&book)
        let tally = notices([75, 85, 90], refused: refusedCost > 0)
        let facts = AccountFacts(periodStart: period, usage: engineUsage, monthlyLimit: engineLimit,
                                 usageByFeature: [engineUsage], usageLogByDay: [day.daysSinceEpoch: engineUsage])
        return ExactnessAudit(plans: [plan], included: [plan.includedCredits], epochDays: [day], book: book, control: ControlLog(),
                              events: events ?? tally, droppedEvents: 0, eventsComplete: true, facts: [facts])
    }

    /// The events of account 0 in the period: `usageReached` at each of `percents`, and
    /// `limitExceeded` when it was `refused` for its limit (R19).
    static func notices(_ percents: [Int], refused: Bool) -> EventTally {
        var tally = EventTally()
        for percent in percents { tally.inject(.init(account: 0, periodStart: period, kind: "usageReached(\(percent))")) }
        if refused { tally.inject(.init(account: 0, periodStart: period, kind: "limitExceeded")) }
        return tally
    }

    /// An account of `kind` on Marketing Starter with one pack (limit 1,500).
    static func withCapacity(_ kind: AccountPlan.Kind, mode: OverageMode = .autoUpgrade, cap: UInt64? = nil) -> AccountPlan {
        AccountPlan(id: AccountID(1), kind: kind, subscriptions: [Subscription(.marketing, .starter)],
                    anchorDay: 1, capacityPacks: 1, overageMode: mode, cap: cap)
    }

    /// Found by a review: each of these passed on an engine that got it wrong.
    @Test("I2, I5, R2: refusals, notices and limits an untouched account cannot have fail", arguments: [
        ("a limit refusal with capacity", withCapacity(.payAsYouGo, mode: .payAsYouGo), UInt64(2), UInt64(1_500), [75, 85, 90],
         ["I2 account 1 period 2026-01-01: refused for the limit although it has capacity (payAsYouGo)"]),
        ("a pay-as-you-go limit that is not the plan's", withCapacity(.payAsYouGo, mode: .payAsYouGo), 0, 2_500, [75, 85, 90],
         ["R2 account 1 period 2026-01-01: engine limit 2500, the plan gives 1500"]),
        ("a notice no decision reached", hardStop, 2, 500, [75, 85, 90, 100],
         ["I5 account 1 period 2026-01-01: usageReached(100) arrived, but no decision reached 100 %"]),
        ("a cap's notices missing", withCapacity(.capped, cap: 499), 0, 1_500, [75, 85, 90],
         ["I5 account 1 period 2026-01-01: usage reached 499 of cap 499 but no capApproaching event arrived",
          "I5 account 1 period 2026-01-01: usage reached 499 of cap 499 but no capReached event arrived"]),
    ] as [(String, AccountPlan, UInt64, UInt64, [Int], [String])])
    func impossibleForAnUntouchedAccount(_ what: String, _ plan: AccountPlan, _ refused: UInt64, _ limit: UInt64,
                                         _ notices: [Int], _ violations: [String]) {
        let tally = Self.notices(notices, refused: refused > 0)
        let result = Self.audit(plan: plan, refusedCost: refused, engineLimit: limit, events: tally).run()
        #expect(result.violations == violations, "\(what)")
    }

    @Test("I2: a cap refusal on an account that never had a cap fails")
    func capRefusalWithoutCap() {
        let result = Self.audit { $0.refuseForLimit(account: 0, epoch: 0, cost: 2, atCap: true) }.run()
        #expect(result.violations.contains("I2 account 1 period 2026-01-01: refused for a cap it never had"))
    }

    @Test("exact books pass")
    func exact() {
        let result = Self.audit().run()
        #expect(result.passed)
        #expect(result.violations.isEmpty)
    }

    @Test("I3: usage the decisions do not account for fails (account, feature and log)")
    func lostCredit() {
        let result = Self.audit(engineUsage: 498).run()
        #expect(result.violationCount == 4)
        #expect(result.violations.first == "I3 account 1 period 2026-01-01: engine usage 498, accepted decisions sum to 499")
    }

    /// Found by a review: the books took the engine's own `charged`, so a mispriced debit
    /// whose usage matched its charge passed.
    @Test("R16: a debit charged other than the catalog price fails, even when the engine's usage agrees with it")
    func mispriced() {
        let result = Self.audit(engineUsage: 498, engineCharge: 498).run()
        #expect(!result.passed)
        #expect(result.violations.first == "R16 1 accepted debit(s) charged other than the catalog rate times the quantity")
    }

    @Test("R2: LoadGen's own table gives the largest included credits, never a sum", arguments: [
        ([Subscription(.marketing, .professional), Subscription(.dataHub, .professional)], UInt64(5_000)),
        ([Subscription(.marketing, .starter)], 500), ([Subscription(.sales, .enterprise)], 5_000),
        ([Subscription(.customerPlatform, .enterprise), Subscription(.content, .starter)], 10_000),
    ] as [([Subscription], UInt64)])
    func includedCredits(_ subscriptions: [Subscription], _ expected: UInt64) {
        let plan = AccountPlan(id: AccountID(1), kind: .hardStop, subscriptions: subscriptions, anchorDay: 1,
                               capacityPacks: 0, overageMode: .autoUpgrade, cap: nil)
        #expect(plan.includedCredits == expected)
    }

    /// Found by a review: the audit took each account's included credits from the engine,
    /// so a limit the engine got wrong was the yardstick for itself.
    @Test("R2: a hard stop whose engine limit is not the plan's fails")
    func wrongLimit() {
        let result = Self.audit(engineLimit: 800).run()
        #expect(result.violations.contains("R2 account 1 period 2026-01-01: engine limit 800, the plan gives 500"))
    }

    /// Found by a review: seat and edition refusals were only counted, never checked.
    @Test("R3, R4, R17: a verdict against the seat and edition rules, or a pause no control call made, fails",
          arguments: [
              (Refusal.featureNotInEdition, Refusal?.some(.seatNotEligible), "R3/R4 I2 1 debit(s) accepted or refused against the seat and edition rules, or refused for a reason LoadGen never causes"),
              (.seatNotEligible, nil, "R3/R4 I2 1 debit(s) accepted or refused against the seat and edition rules, or refused for a reason LoadGen never causes"),
              (.limitReached, .featureNotInEdition, "R3/R4 I2 1 debit(s) accepted or refused against the seat and edition rules, or refused for a reason LoadGen never causes"),
              (.accountPaused, nil, "R17 account 1: refused as paused, but no control operation touched it"),
              // Found by a review: refusals LoadGen never causes passed whatever was expected.
              (.unknownFeature, nil, "R3/R4 I2 1 debit(s) accepted or refused against the seat and edition rules, or refused for a reason LoadGen never causes"),
              (.unknownAccount, nil, "R3/R4 I2 1 debit(s) accepted or refused against the seat and edition rules, or refused for a reason LoadGen never causes"),
              (.invalidQuantity, nil, "R3/R4 I2 1 debit(s) accepted or refused against the seat and edition rules, or refused for a reason LoadGen never causes"),
          ] as [(Refusal, Refusal?, String)])
    func wrongVerdict(_ refusal: Refusal, _ expected: Refusal?, _ violation: String) {
        let result = Self.audit { $0.checkRefusal(refusal, expected: expected, account: 0) }.run()
        #expect(result.violations == [violation])
    }

    @Test("R3, R4: refusals that match the rules pass, a paused account's edition refusal included",
          arguments: [(Refusal.seatNotEligible, Refusal?.some(.seatNotEligible)), (.featureNotInEdition, .featureNotInEdition)]
              as [(Refusal, Refusal?)])
    func rightVerdict(_ refusal: Refusal, _ expected: Refusal?) {
        #expect(Self.audit { $0.checkRefusal(refusal, expected: expected, account: 0) }.run().passed)
    }

    @Test("I2: a refusal that would have fit is lost capacity")
    func lostCapacity() {
        let result = Self.audit(refusedCost: 1).run()
        #expect(result.violationCount == 1)
        #expect(result.violations == ["I2 account 1 period 2026-01-01: refused a 1-credit debit at limit 500, but usage ended at 499 (capacity lost)"])
    }

    @Test("I5: a duplicated or missing threshold event fails")
    func events() {
        var tally = Self.notices([85], refused: true)
        tally.inject(.init(account: 0, periodStart: Self.period, kind: "usageReached(75)"), copies: 2)
        let result = Self.audit(events: tally).run()
        #expect(result.violationCount == 2)
        #expect(result.violations.contains("I5 account 1 period 2026-01-01: usageReached(75) arrived 2 times"))
        #expect(result.violations.contains("I5 account 1 period 2026-01-01: usage reached 90 % but no usageReached(90) event arrived"))
    }

    @Test("R19: a refusal for a hard stop's limit or for the cap with no notice fails", arguments: [false, true])
    func refusalWithoutNotice(atCap: Bool) {
        let plan = atCap ? Self.withCapacity(.capped, cap: 600) : Self.hardStop
        let result = Self.audit(plan: plan, refusedCost: 0, engineLimit: atCap ? 1_500 : 500, events: Self.notices([75, 85, 90], refused: false)) {
            $0.refuseForLimit(account: 0, epoch: 0, cost: atCap ? 200 : 2, atCap: atCap)
        }.run()
        let missing = atCap ? "refused for its cap but no capReached event arrived" : "refused for its limit but no limitExceeded event arrived"
        #expect(result.violations.contains("I5 account 1 period 2026-01-01: \(missing)"))
    }

    @Test("dropped events make I5 unverifiable, which fails")
    func dropped() {
        var audit = Self.audit()
        audit.droppedEvents = 3
        #expect(audit.run().violations == ["I5 cannot be verified: the engine dropped 3 event(s) (consumer too slow for the event buffer)"])
    }

    /// Found by a review: a `usageStorageFull` refusal passed whatever the engine's rows, so
    /// an engine that refused every debit for it passed the CI run's audit.
    @Test("I2: a debit refused as usageStorageFull fails unless the usage rows ran out", arguments: [false, true])
    func storageRefusal(ranOut: Bool) {
        var audit = Self.audit { $0.checkRefusal(.usageStorageFull, expected: nil, account: 0) }
        audit.usageRowsRanOut = ranOut
        #expect(audit.run().violations == (ranOut ? [] : ["I2 1 debit(s) refused as usageStorageFull, but the engine's usage row blocks never ran out"]))
    }

    @Test("I2: a batch debit with no decision is a lost debit")
    func unanswered() {
        let result = Self.audit { $0.unanswered = 2 }.run()
        #expect(result.violations == ["I2 2 debit(s) of a batch got no decision, or a decision no debit"])
    }

    /// The control plane's probes (a debit after each pause or resume, R17, I4) report
    /// through the control log; the audit fails on each one that disagreed.
    @Test("R17, I4: a probe that disagreed with a pause or resume fails")
    func probeFailures() {
        var audit = Self.audit()
        var control = ControlLog()
        control.recordProbe(right: true, "not built")
        for n in 0..<(ControlLog.keptProbeFailures + 2) { control.recordProbe(right: false, "probe \(n)") }
        audit.control = control
        let result = audit.run()
        #expect(result.violations.count == ControlLog.keptProbeFailures + 1)
        #expect(result.violations.first == "probe 0")
        #expect(result.violations.last == "R17 I4 2 more probe debit(s) after a pause or resume disagreed with it")
        #expect(control.probes == ControlLog.keptProbeFailures + 3)
    }

    /// Found by a review: a cap raised by a purchase loosened the I1 cap bound even on an
    /// account nobody bought capacity for.
    @Test("R13: a cap raised by a purchase no control call made fails, and does not loosen I1")
    func capRaiseWithoutPurchase() {
        let plan = Self.withCapacity(.capped, cap: 400)
        var tally = Self.notices([], refused: false)
        let day = Self.day
        tally.count(MeterEvent(account: AccountID(1), period: UsagePeriod.containing(day, anchorDay: 1), day: day,
                               kind: .capRaisedByPurchase(newCap: 600)), accountCount: 1)
        let result = Self.audit(plan: plan, refusedCost: 0, engineLimit: 1_500, events: tally).run()
        #expect(result.violations.contains("R13 account 1: capRaisedByPurchase arrived, but no capacity was bought for it"))
        #expect(result.violations.contains("I1 account 1 period 2026-01-01: usage 499 passed every cap it had (highest 400)"))
    }
}
