/// An account inside an exclusive section: its profile and usage, the rules that move
/// them (R8–R14, R19–R20), and the events and billing facts the section produces.
/// Built by ``Ledger`` under the stripe lock with the bucket busy; written back at the end.
struct _LockedAccount {
    var profile: _AccountProfile
    var usage: UInt64
    let today: CalendarDay
    var events: [MeterEvent] = []
    var facts: [BillingFact] = []
    /// Packs to remove at the first period that starts on or after the day (R14).
    var scheduledRemoval: (packs: UInt64, day: CalendarDay)?
    /// Subscriptions that take effect at the next period: a change that lowers the included
    /// credits once credits were used (see ``Ledger/setSubscriptions(_:to:)``).
    var pendingSubscriptions: _SubscriptionSet?

    init(profile: _AccountProfile, usage: UInt64, today: CalendarDay, scheduledRemoval: (packs: UInt64, day: CalendarDay)? = nil,
         pendingSubscriptions: _SubscriptionSet? = nil) {
        self.profile = profile
        self.usage = usage
        self.today = today
        self.scheduledRemoval = scheduledRemoval
        self.pendingSubscriptions = pendingSubscriptions
    }

    // MARK: Periods (R5, R6, R12, R14)

    /// Closes every period that ended on or before today: records its final usage, starts
    /// the next at zero, applies a pending overage setting (R12), pending subscriptions, and
    /// a removal of packs scheduled for the end of the term (R14).
    mutating func roll() {
        while today >= profile.period.end {
            recordPeriodClose()
            profile.period = profile.period.next(anchorDay: Int(profile.anchorDay))
            usage = 0
            profile.fired = 0
            for threshold in _Threshold.rearmable { profile.setNotified(threshold, at: nil) }
            if let pending = profile.pendingMode {
                profile.mode = pending
                profile.pendingMode = nil
            }
            if let pending = pendingSubscriptions {
                profile.subscriptions = pending
                pendingSubscriptions = nil
            }
            if let removal = scheduledRemoval, profile.period.start >= removal.day {
                let removed = min(removal.packs, profile.capacityPacks)
                profile.capacityPacks -= removed
                profile.upgradedPacks = min(profile.upgradedPacks, profile.capacityPacks)
                scheduledRemoval = nil
                if removed > 0 { facts.append(.capacityRemoved(day: profile.period.start, packs: Int(removed))) }
                // R13: only an account with capacity has a cap. Found by a review: the cap
                // stayed in snapshots with no effect, and a later purchase "raised" it
                // with a review notice for a cap not in force.
                if !profile.hasCapacity { profile.cap = nil }
            }
            // The period's first hard limit, once what waited for it applied (found by a
            // review: taken before, it kept a held downgrade's old limit, and the I1 audit
            // then allowed usage up to that).
            profile.peakHardLimit = profile.hardLimit
            // Thresholds at zero usage (a cap of 0) are reached as the period starts.
            settle()
        }
    }

    /// Records the current period's final usage: its billing fact (R11, R22) and its event.
    /// A roll calls it at each period end; closing the account calls it for the period the
    /// account closes in, which nothing rolls afterwards.
    mutating func recordPeriodClose() {
        facts.append(.periodClosed(period: profile.period, usage: usage, monthlyLimit: profile.limit, mode: profile.mode))
        notify(.periodClosed(usage: usage))
    }

    // MARK: Debits

    /// Decides a debit of `credits` with the account held exclusively, applying any
    /// auto-upgrade and notifications it causes.
    /// - Returns: the decision.
    mutating func debit(credits: UInt64) -> DebitDecision {
        // A free debit (R18) changes nothing and always fits.
        guard credits > 0 else { return .accepted(charged: 0, usageAfter: usage, limit: profile.limit) }
        if let refusal = refusal(ofCredits: credits) {
            noteRefusal(refusal)
            return .refused(refusal)
        }
        usage += credits
        settle()
        return .accepted(charged: credits, usageAfter: usage, limit: profile.limit)
    }

    /// Why a debit of `credits` would be refused now, or `nil` when it fits (a free debit
    /// always fits, R18). Changes nothing.
    /// - Parameter credits: the debit's credits.
    /// - Returns: the refusal ``debit(credits:)`` would return, or `nil`.
    func refusal(ofCredits credits: UInt64) -> Refusal? {
        guard credits > 0 else { return nil }
        let after = usage + credits
        if profile.hasCapacity && profile.mode == .autoUpgrade && after > profile.limit {
            let packs = CapacityPack.packsCovering(after - profile.limit)
            if profile.includedCredits + profile.capacityCredits + packs * CapacityPack.credits > _AccountProfile.maximumLimit {
                return .limitReached
            }
        }
        if let hard = profile.hardLimit, after > hard {
            return profile.hasCapacity ? .capReached : .limitReached
        }
        if after > _Word.maxUsage { return .limitReached }
        return nil
    }

    // MARK: Notifications and auto-upgrade (R11, R13, R19, R20)

    /// Fires every notification whose threshold usage has reached and that has not fired
    /// this period, and, in auto-upgrade mode, adds the smallest number of packs that
    /// covers usage past the limit (R11).
    mutating func settle() {
        rearmCapNotifications()
        let limit = profile.limit
        for (threshold, percent) in Self.usageThresholds where usage >= Self.percent(UInt64(percent), of: limit) {
            fire(threshold, .usageReached(percent: percent))
        }
        guard profile.hasCapacity else {
            if usage >= limit { fire(.exceeded, .limitExceeded(.paused)) }
            return
        }
        if usage > limit {
            fire(.exceeded, .limitExceeded(profile.mode == .autoUpgrade ? .upgraded : .overage))
            if profile.mode == .autoUpgrade {
                let packs = CapacityPack.packsCovering(usage - limit)
                profile.capacityPacks += packs
                profile.upgradedPacks += packs
                facts.append(.autoUpgraded(day: today, packs: Int(packs)))
                notify(.autoUpgraded(packs: Int(packs), newLimit: profile.limit))
            }
        }
        if let cap = profile.cap {
            if usage >= Self.percent(90, of: cap) { fire(.capApproaching, .capApproaching) }
            if usage >= cap { fire(.capReached, .capReached) }
        }
    }

    /// Notifies the first refusal for the hard bound in a period (R10, R13, R19): features
    /// are paused from then on even when usage stops short of the bound (a 100-credit
    /// action at 2,950 of 3,000), so a hard stop fires "past the limit (paused)" and a cap
    /// fires "cap reached", each once, as reaching the bound itself would. Found by a
    /// review: with rates above 1 credit, usage often never lands on the bound, and the
    /// account was stopped without a notice.
    /// - Parameter refusal: why a debit was just refused.
    mutating func noteRefusal(_ refusal: Refusal) {
        switch refusal {
        case .limitReached where !profile.hasCapacity: fire(.exceeded, .limitExceeded(.paused))
        case .capReached: fire(.capReached, .capReached)
        default: break
        }
    }

    /// R13 after a purchase (packs or capacity in credits): when it brought the limit above
    /// the cap, the cap becomes the new limit and a review notification is sent. A cap the
    /// limit was already above (one the admin set below it) stays: the purchase did not
    /// bring the limit past it. Found by two reviews: any purchase used to lift such a cap.
    /// - Parameter limitBefore: the limit before the purchase.
    mutating func raiseCapPastPurchase(limitBefore: UInt64) {
        guard let cap = profile.cap, limitBefore <= cap, profile.limit > cap else { return }
        profile.cap = profile.limit
        notify(.capRaisedByPurchase(newCap: profile.limit))
    }

    /// Whether a refusal for the hard bound would still fire a notice this period (see
    /// ``noteRefusal(_:)``), published as ``_Word/refusalNoticeFlag``.
    var refusalNoticeDue: Bool {
        profile.hasCapacity ? profile.cap != nil && !hasFired(.capReached) : !hasFired(.exceeded)
    }

    /// The four limit thresholds with their percentages (R19).
    static let usageThresholds: [(_Threshold, Int)] = [(.reached75, 75), (.reached85, 85), (.reached90, 90), (.reached100, 100)]

    /// The smallest usage at which a debit must take the slow path: the next threshold not
    /// yet fired, or the limit itself where passing it upgrades (R11). `nil` when none.
    var mark: UInt64? {
        let limit = profile.limit
        var lowest = UInt64.max  // every mark is at most limit + 1 < 2^33
        for (threshold, percent) in Self.usageThresholds where !hasFired(threshold) {
            lowest = min(lowest, Self.percent(UInt64(percent), of: limit))
        }
        if profile.hasCapacity {
            if profile.mode == .autoUpgrade || !hasFired(.exceeded) { lowest = min(lowest, limit + 1) }
            if let cap = profile.cap {
                if !hasFired(.capApproaching) { lowest = min(lowest, Self.percent(90, of: cap)) }
                if !hasFired(.capReached) { lowest = min(lowest, cap) }
            }
        } else if !hasFired(.exceeded) {
            lowest = min(lowest, limit)
        }
        return lowest == .max ? nil : lowest
    }

    /// Arms "cap approaching" and "cap reached" for the cap now in force (R19, R20): each
    /// stays fired while the cap is at or below a cap it fired for this period (so lowering
    /// a cap back notifies nothing twice), and is re-armed for a higher cap only while usage
    /// is below its threshold there (so a cap raised by one credit is not news).
    mutating func rearmCapNotifications() {
        let cap = profile.cap ?? 0
        rearm(.capApproaching, reachedAt: Self.percent(90, of: cap), cap: cap)
        rearm(.capReached, reachedAt: cap, cap: cap)
    }

    private mutating func rearm(_ threshold: _Threshold, reachedAt: UInt64, cap: UInt64) {
        if profile.hasNotified(threshold, atLeast: cap) {
            profile.fired |= threshold.bit
        } else if usage < reachedAt {
            profile.fired &= ~threshold.bit
        }
    }

    /// `ceil(percent × value / 100)`: usage "reaches p %" when `100 × usage ≥ p × value`.
    static func percent(_ percent: UInt64, of value: UInt64) -> UInt64 { (percent * value + 99) / 100 }

    func hasFired(_ threshold: _Threshold) -> Bool { profile.fired & threshold.bit != 0 }

    private mutating func fire(_ threshold: _Threshold, _ kind: MeterEvent.Kind) {
        guard !hasFired(threshold) else { return }
        profile.fired |= threshold.bit
        if _Threshold.rearmable.contains(threshold) { profile.setNotified(threshold, at: profile.cap ?? 0) }
        notify(kind)
    }

    mutating func notify(_ kind: MeterEvent.Kind) {
        events.append(MeterEvent(account: profile.id, period: profile.period, day: today, kind: kind))
    }

    /// Folds the hard limit now in force into the period's peak (for the I1 audit).
    mutating func notePeakHardLimit() {
        if let peak = profile.peakHardLimit, let hard = profile.hardLimit {
            profile.peakHardLimit = max(peak, hard)
        } else {
            profile.peakHardLimit = nil
        }
    }

    // MARK: Bucket words

    /// The configuration words this state publishes, keeping `extra`'s row head.
    func words(extra: UInt64) -> (terms: UInt64, gate: UInt64, extra: UInt64) {
        let terms = _Word.terms(
            limit: profile.limit, periodEnd: profile.period.end.daysSinceEpoch,
            paused: profile.paused, closed: profile.closed,
            capBound: profile.hasCapacity && profile.cap != nil, ruled: profile.rulesIndex != 0, refusalNotice: refusalNoticeDue,
            edition: profile.subscriptions.highestEdition ?? .starter)
        let gate = _Word.gate(ceiling: profile.hardLimit, mark: mark)
        return (terms, gate, _Word.extra(rules: profile.rulesIndex, rowHead: _Word.rowHead(extra)))
    }
}
