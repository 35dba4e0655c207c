public import CreditMeter

/// The exactness audit: the shadow books (from the decisions received) and the event tally
/// (from `Meter.events()`) checked against what the engine reports at the end.
///
/// Control operations change limits while debits run, so the checks never assume a static
/// limit: per-decision figures (`usageAfter`, `limit`) carry the limit in force at that
/// instant, the control log bounds what limits an account may have had, and the strict
/// "ends exactly at the limit" checks (I2, auto-upgrade packs) apply only to accounts no
/// control operation touched.
public struct ExactnessAudit: Sendable {
    /// How many violation texts a result keeps.
    public static let keptViolations = 1_000

    /// The accounts, by index.
    public var plans: [AccountPlan]
    /// Included credits per account, by index.
    public var included: [UInt64]
    /// The days of the run's epochs (the manual clock's day during each).
    public var epochDays: [CalendarDay]
    /// The merged shadow book.
    public var book: ShadowBook
    /// What the control plane did.
    public var control: ControlLog
    /// The events consumed.
    public var events: EventTally
    /// Events the engine dropped.
    public var droppedEvents: Int
    /// Whether the sentinel event arrived, so every event of the run was consumed.
    public var eventsComplete: Bool
    /// What the engine reports, by account index.
    public var facts: [AccountFacts]
    /// The engine's own invariant check (`Ledger.auditInvariants()`); each line is a violation.
    public var engineSelfAudit: [String] = []
    /// Whether the engine's usage row blocks ran out during the run (the one case in which
    /// a `usageStorageFull` refusal is right).
    public var usageRowsRanOut = false

    /// Creates an audit from everything a run collected.
    /// - Parameters:
    ///   - plans: the accounts, by index.
    ///   - included: included credits per account, by index.
    ///   - epochDays: the days of the run's epochs.
    ///   - book: the merged shadow book.
    ///   - control: what the control plane did.
    ///   - events: the events consumed.
    ///   - droppedEvents: events the engine dropped.
    ///   - eventsComplete: whether the sentinel event arrived.
    ///   - facts: what the engine reports, by account index.
    ///   - engineSelfAudit: the engine's own invariant check; each line is a violation.
    ///   - usageRowsRanOut: whether the engine's usage row blocks ran out.
    public init(plans: [AccountPlan], included: [UInt64], epochDays: [CalendarDay], book: ShadowBook,
                control: ControlLog, events: EventTally, droppedEvents: Int, eventsComplete: Bool,
                facts: [AccountFacts], engineSelfAudit: [String] = [], usageRowsRanOut: Bool = false) {
        self.plans = plans
        self.included = included
        self.epochDays = epochDays
        self.book = book
        self.control = control
        self.events = events
        self.droppedEvents = droppedEvents
        self.eventsComplete = eventsComplete
        self.facts = facts
        self.engineSelfAudit = engineSelfAudit
        self.usageRowsRanOut = usageRowsRanOut
    }

    /// Runs every check.
    /// - Returns: the verdict: how many checks were made, how many failed, and the first
    ///   ``keptViolations`` violation texts.
    /// - Complexity: O(accounts × (epochs + features)) plus the number of distinct events.
    public func run() -> AuditResult {
        var found = Findings()
        found.check(droppedEvents == 0,
                    "I5 cannot be verified: the engine dropped \(droppedEvents) event(s) (consumer too slow for the event buffer)")
        found.check(eventsComplete, "I5 cannot be verified: the event stream ended before the sentinel event")
        var limitExceededSeen = Set<PeriodKey>()
        for line in engineSelfAudit { found.check(false, "engine self-audit: \(line)") }
        found.check(book.mispriced == 0,
                    "R16 \(book.mispriced) accepted debit(s) charged other than the catalog rate times the quantity")
        found.check(book.wrongVerdicts == 0,
                    "R3/R4 I2 \(book.wrongVerdicts) debit(s) accepted or refused against the seat and edition rules, or refused for a reason LoadGen never causes")
        found.check(book.storageRefusals == 0 || usageRowsRanOut,
                    "I2 \(book.storageRefusals) debit(s) refused as usageStorageFull, but the engine's usage row blocks never ran out")
        found.check(book.unanswered == 0, "I2 \(book.unanswered) debit(s) of a batch got no decision, or a decision no debit")
        for text in control.probeFailureTexts { found.check(false, text) }
        found.check(control.probeFailures <= control.probeFailureTexts.count,
                    "R17 I4 \(control.probeFailures - control.probeFailureTexts.count) more probe debit(s) after a pause or resume disagreed with it")
        for i in book.refusedAsPaused.indices where book.refusedAsPaused[i] && !control.touched.contains(i) {
            found.check(false, "R17 account \(plans[i].id.rawValue): refused as paused, but no control operation touched it")
        }
        for (key, count) in events.once.sorted(by: { ($0.key.account, $0.key.kind) < ($1.key.account, $1.key.kind) }) {
            // A moved cap re-arms the cap notifications (R13): they may legitimately repeat.
            let rearmed = key.kind.hasPrefix("cap") && control.capMayHaveMoved.contains(key.account)
            found.check(count == 1 || rearmed, "I5 account \(key.account + 1) period \(Self.day(key.periodStart)): \(key.kind) arrived \(count) times")
            if key.kind.hasPrefix("limitExceeded") { limitExceededSeen.insert(PeriodKey(account: key.account, start: key.periodStart)) }
        }
        for account in plans.indices {
            checkAccount(account, limitExceededSeen: limitExceededSeen, into: &found)
        }
        return AuditResult(checks: found.checks, violationCount: found.count, violations: found.texts,
                           hardStopsAtLimit: found.hardStopsAtLimit, hardStopsExactlyAtLimit: found.hardStopsExactlyAtLimit)
    }

    func checkAccount(_ i: Int, limitExceededSeen: Set<PeriodKey>, into found: inout Findings) {
        let plan = plans[i]
        let facts = facts[i]
        let touched = control.touched.contains(i)
        let accounts = book.accounts
        let id = i + 1

        // Epochs grouped by the usage period they fall in for this account's anchor day.
        var periods: [(start: Int32, epochs: [Int])] = []
        for (epoch, day) in epochDays.enumerated() {
            let start = PeriodRule.start(of: day, anchorDay: plan.anchorDay)
            if let last = periods.indices.last, periods[last].start == start { periods[last].epochs.append(epoch) }
            else { periods.append((start, [epoch])) }
        }

        let payAsYouGo = plan.overageMode == .payAsYouGo || control.mayHaveBeenPayAsYouGo.contains(i)
        let alwaysCapped = plan.cap != nil && !control.capMayHaveBeenRemoved.contains(i)
        // A purchase may raise the cap (R13); only the control plane buys, so an account it
        // never bought for cannot have had its cap raised (found by a review: a made-up
        // raise event would have loosened this bound).
        let bought = control.mayHaveHadCapacity.contains(i)
        found.check(bought || events.capsRaisedByPurchase[i] == nil,
                    "R13 account \(id): capRaisedByPurchase arrived, but no capacity was bought for it")
        let capBound = max(plan.cap ?? 0, control.highestCapSet[i] ?? 0, bought ? events.capsRaisedByPurchase[i] ?? 0 : 0)
        let alwaysHardStop = plan.kind == .hardStop && !control.mayHaveHadCapacity.contains(i)
        let baseLimit = included[i] + UInt64(plan.capacityPacks) * CapacityPack.credits
        var packsNeeded: UInt64 = 0

        for (start, epochs) in periods {
            let cells = epochs.map { $0 * accounts + i }
            let accepted = cells.reduce(UInt64(0)) { $0 + book.charged[$1] }
            let usage = facts.usage(inPeriodStarting: start)
            let period = Self.day(start)
            let highest = cells.map { book.highestUsage[$0] }.max() ?? 0

            // I3: the engine's usage equals the credits of the accepted decisions.
            found.check(usage == accepted, "I3 account \(id) period \(period): engine usage \(usage), accepted decisions sum to \(accepted)")
            for epoch in epochs {
                let logged = facts.usageLogByDay[epochDays[epoch].daysSinceEpoch] ?? 0
                let booked = book.charged[epoch * accounts + i]
                found.check(logged == booked, "I3 account \(id) day \(epochDays[epoch]): usage log \(logged), accepted decisions sum to \(booked)")
            }

            // I1: no accepted debit took usage past the hard limit or the cap in force.
            let excess = cells.map { book.largestExcess[$0] }.max() ?? 0
            found.check(payAsYouGo || excess == 0,
                        "I1 account \(id) period \(period): a debit was accepted \(excess) credit(s) past the limit in force (\(plan.kind.rawValue), never pay-as-you-go)")
            if alwaysCapped {
                found.check(highest <= capBound && usage <= capBound,
                            "I1 account \(id) period \(period): usage \(max(highest, usage)) passed every cap it had (highest \(capBound))")
            }
            if alwaysHardStop {
                found.check(usage <= included[i] && highest <= included[i],
                            "I1 account \(id) period \(period): hard-stop usage \(max(highest, usage)) passed its limit \(included[i])")
            }

            // I2: a debit refused for the limit or cap did not fit at that instant; usage never
            // falls, so the final usage must be within one refused debit of the bound.
            if !touched {
                let limitRefusal = cells.map { book.cheapestLimitRefusal[$0] }.reduce(0, ShadowBook.cheapest)
                if plan.kind == .hardStop, limitRefusal > 0 {
                    // LoadGen's own R2 figure, not the engine's: an untouched hard stop has no
                    // capacity (the engine's limit is checked against it below).
                    let limit = included[i]
                    found.hardStopsAtLimit += 1
                    if usage == limit { found.hardStopsExactlyAtLimit += 1 }
                    found.check(usage + limitRefusal > limit,
                                "I2 account \(id) period \(period): refused a \(limitRefusal)-credit debit at limit \(limit), but usage ended at \(usage) (capacity lost)")
                }
                let capRefusal = cells.map { book.cheapestCapRefusal[$0] }.reduce(0, ShadowBook.cheapest)
                if let cap = plan.cap, capRefusal > 0 {
                    found.check(usage + capRefusal > cap,
                                "I2 account \(id) period \(period): refused a \(capRefusal)-credit debit at cap \(cap), but usage ended at \(usage) (capacity lost)")
                }
                // I2, R11, R13: an account with capacity is never refused for its limit (it
                // upgrades or goes over), and one with no cap never for a cap.
                found.check(plan.kind == .hardStop || limitRefusal == 0,
                            "I2 account \(id) period \(period): refused for the limit although it has capacity (\(plan.kind.rawValue))")
                found.check(plan.cap != nil || capRefusal == 0,
                            "I2 account \(id) period \(period): refused for a cap it never had")
                // R19: the period's first refusal for a hard stop's limit or for the cap is
                // notified, even when usage stopped short of the bound.
                found.check(plan.kind != .hardStop || limitRefusal == 0 || limitExceededSeen.contains(PeriodKey(account: i, start: start)),
                            "I5 account \(id) period \(period): refused for its limit but no limitExceeded event arrived")
                found.check(capRefusal == 0 || events.once[EventTally.Key(account: i, periodStart: start, kind: "capReached")] != nil,
                            "I5 account \(id) period \(period): refused for its cap but no capReached event arrived")
                // R2, R8: with no upgrade possible (no capacity, or pay-as-you-go), the limit
                // is LoadGen's own included credits plus the plan's packs.
                if plan.kind == .hardStop || plan.overageMode == .payAsYouGo, let reported = facts.monthlyLimit(inPeriodStarting: start) {
                    found.check(reported == baseLimit,
                                "R2 account \(id) period \(period): engine limit \(reported), the plan gives \(baseLimit)")
                }
                // ceil(over / pack), written here rather than calling the engine's
                // `packsCovering`, so the audit does not share a bug with what it audits.
                if usage > baseLimit {
                    let over = usage - baseLimit
                    packsNeeded = max(packsNeeded, over / CapacityPack.credits + (over % CapacityPack.credits == 0 ? 0 : 1))
                }
            }

            // I5: every threshold a decision showed was announced once in that period.
            let level = cells.map { book.level[$0] }.max() ?? 0
            for threshold in ShadowBook.Level.thresholds where level >= threshold {
                let key = EventTally.Key(account: i, periodStart: start, kind: "usageReached(\(threshold))")
                found.check(events.once[key] != nil, "I5 account \(id) period \(period): usage reached \(threshold) % but no usageReached(\(threshold)) event arrived")
            }
            // No early notice: on an untouched account whose limit never moves (a hard stop,
            // or pay-as-you-go) each usageReached(t) comes from the debit that reached t %,
            // which a decision shows. (An auto-upgrade decision shows the limit after its
            // upgrade, so it cannot tell.) Found by a review: extra events went unseen.
            if !touched, plan.kind == .hardStop || plan.overageMode == .payAsYouGo {
                for threshold in ShadowBook.Level.thresholds where level < threshold {
                    let key = EventTally.Key(account: i, periodStart: start, kind: "usageReached(\(threshold))")
                    found.check(events.once[key] == nil, "I5 account \(id) period \(period): usageReached(\(threshold)) arrived, but no decision reached \(threshold) %")
                }
            }
            // The cap's notices on an untouched account, from the usage decisions showed (R13).
            if !touched, let cap = plan.cap, cap > 0 {
                let highest = cells.map { book.highestUsage[$0] }.max() ?? 0
                for (kind, reached) in [("capApproaching", highest * 10 >= cap * 9), ("capReached", highest >= cap)] where reached {
                    found.check(events.once[EventTally.Key(account: i, periodStart: start, kind: kind)] != nil,
                                "I5 account \(id) period \(period): usage reached \(highest) of cap \(cap) but no \(kind) event arrived")
                }
            }
            // A hard stop announces the limit when usage reaches it (features pause), others
            // when usage goes past it.
            let hardStopAtLimit = alwaysHardStop && !touched && level >= 100
            if level == ShadowBook.Level.exceeded || hardStopAtLimit {
                found.check(limitExceededSeen.contains(PeriodKey(account: i, start: start)),
                            "I5 account \(id) period \(period): usage went past the limit but no limitExceeded event arrived")
            }
        }

        // I3 per feature, for the current period.
        if let last = epochDays.indices.last {
            let current = book.featureEpoch == last
            var sum: UInt64 = 0
            for feature in 0..<book.features {
                let engine = feature < facts.usageByFeature.count ? facts.usageByFeature[feature] : 0
                let booked = current ? book.chargedByFeature[i * book.features + feature] : 0
                sum += engine
                found.check(engine == booked, "I3 account \(id) feature #\(feature): engine usage \(engine), accepted decisions sum to \(booked)")
            }
            found.check(facts.usageOutsideMix == 0, "I3 account \(id): \(facts.usageOutsideMix) credit(s) charged to features the run never debited")
            found.check(sum + facts.usageOutsideMix == facts.usage, "I3 account \(id): usage by feature sums to \(sum + facts.usageOutsideMix), account usage is \(facts.usage)")
        }

        // Auto-upgrade: facts, events and snapshot agree; untouched accounts got exactly the packs needed.
        found.check(facts.upgradeFactPacks == facts.upgradedPacks,
                    "R11 account \(id): billing facts show \(facts.upgradeFactPacks) upgrade pack(s), the snapshot \(facts.upgradedPacks)")
        if droppedEvents == 0 {
            let announced = events.upgradedPacks[i] ?? 0
            found.check(announced == facts.upgradedPacks, "I5 account \(id): autoUpgraded events announced \(announced) pack(s), the snapshot shows \(facts.upgradedPacks)")
        }
        if !touched {
            let expected = plan.overageMode == .autoUpgrade && plan.capacityPacks > 0 ? Int(packsNeeded) : 0
            found.check(facts.upgradedPacks == expected,
                        "R11 account \(id): \(facts.upgradedPacks) pack(s) auto-upgraded, \(expected) needed to cover its usage over \(baseLimit)")
        }
    }

    static func day(_ daysSinceEpoch: Int32) -> String { CalendarDay(daysSinceEpoch: daysSinceEpoch).description }

    /// An account and one of its periods.
    struct PeriodKey: Hashable {
        var account: Int
        var start: Int32
    }

    /// Violations found so far.
    struct Findings {
        var checks = 0
        var count = 0
        var texts: [String] = []
        var hardStopsAtLimit = 0
        var hardStopsExactlyAtLimit = 0

        mutating func check(_ condition: @autoclosure () -> Bool, _ text: @autoclosure () -> String) {
            checks += 1
            guard !condition() else { return }
            count += 1
            if texts.count < ExactnessAudit.keptViolations { texts.append(text()) }
        }
    }
}
