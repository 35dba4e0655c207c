import Synchronization

/// Control operations. Each validates its input first (a thrown error changes nothing,
/// I6), then runs as one exclusive section on the account: its linearization point is the
/// release store that ends the section, so a debit is wholly before or wholly after it
/// (I4). ``Meter`` fronts these for async callers.
extension Ledger {
    /// Opens an account.
    ///
    /// Not an exclusive section (the account does not exist yet): the bucket is built
    /// whole, then appended under the ledger's open lock. **Linearization point**: the
    /// release store of the id's registry entry; from then on a lookup by id finds the
    /// account, and a duplicate open is refused.
    /// - Parameter spec: the account's id, subscriptions, anchor day, capacity and settings.
    /// - Returns: a handle for debits.
    /// - Throws: ``MeterError/invalidAccountID`` for id 0, ``MeterError/duplicateAccount(_:)``
    ///   when an open account has the id, ``MeterError/invalidConfiguration(_:)`` for no
    ///   subscription, an anchor day outside 1...31, a cap without purchased capacity (R13),
    ///   a limit or cap above the engine's maximum, or a ledger that has already opened
    ///   ``maximumAccounts`` (closed ones included); ``MeterError/invalidQuantity(_:)`` for
    ///   negative packs.
    /// - Complexity: expected O(1) under one ledger-wide lock (opens are serialized);
    ///   amortized, since a registry shard that fills up is copied into one twice as large
    ///   and the arenas allocate a new chunk now and then.
    public func open(_ spec: AccountSpec) throws(MeterError) -> AccountHandle {
        guard spec.id.rawValue != 0 else { throw .invalidAccountID }
        guard !spec.subscriptions.isEmpty else { throw .invalidConfiguration("an account needs at least one subscription") }
        let today = clock.today
        let anchor = spec.anchorDay ?? today.civil.day
        guard (1...31).contains(anchor) else { throw .invalidConfiguration("anchor day \(anchor) is outside 1...31") }
        let packs = try Self.packCount(spec.capacityPacks)
        let capacity = try Self.limitSum(packs * CapacityPack.credits, spec.extraCapacityCredits)
        _ = try Self.limitSum(spec.subscriptions.includedCredits, capacity)
        if let cap = spec.cap { try Self.checkCap(cap, hasCapacity: capacity > 0) }

        var profile = _AccountProfile(
            id: spec.id, subscriptions: _SubscriptionSet(spec.subscriptions), anchorDay: UInt8(anchor),
            mode: spec.overageMode, capacityPacks: packs, extraCapacity: spec.extraCapacityCredits,
            cap: spec.cap, period: UsagePeriod.containing(today, anchorDay: anchor))
        var opening = _LockedAccount(profile: profile, usage: 0, today: today)
        if packs > 0 { opening.facts.append(.capacityPurchased(day: today, packs: Int(packs))) }
        opening.settle()
        opening.profile.peakHardLimit = opening.profile.hardLimit
        profile = opening.profile
        let words = opening.words(extra: 0)

        return try openLock.withLock { _ throws(MeterError) -> AccountHandle in
            if let existing = registry.slot(of: spec.id.rawValue),
               buckets.pointer(at: existing).pointee.terms.load(ordering: .relaxed) & _Word.closedFlag == 0 {
                throw .duplicateAccount(spec.id)
            }
            guard buckets.count < Self.maximumAccounts, let (slot, bucket) = buckets.append(indexed: { slot in
                _Bucket(accountID: spec.id.rawValue, slot: slot, terms: words.terms, gate: words.gate, extra: words.extra)
            }) else {
                throw .invalidConfiguration("a ledger opens at most \(Self.maximumAccounts) accounts over its life, closed ones included")
            }
            // Profiles and buckets share slots: both are appended only here, under openLock.
            _ = profiles.append { profile }
            stripes.withLock(slot) { stripe in
                if !opening.facts.isEmpty { stripe.facts[slot] = opening.facts }
                // The id is published before the opening events go out, so a listener
                // that acts on one finds the account. Thresholds the account starts past
                // (a cap of 0) are notified as it opens (R19), under its lock like all its
                // later events, so ahead of any a debit by id sends.
                registry.set(spec.id.rawValue, slot: slot)
                if !opening.events.isEmpty { events.emit(opening.events) }
            }
            openCount.add(1, ordering: .relaxed)
            return AccountHandle(bucket: bucket, ledgerToken: token, id: spec.id)
        }
    }

    /// Closes an account: its debits are refused with ``Refusal/unknownAccount`` from now
    /// on; its id may be opened again as a new account. The period it closes in is closed
    /// with it: its billing fact and event carry the usage up to now, so pay-as-you-go
    /// overage up to the close is billed (R11). Its packs leave at that period's end (a
    /// `capacityRemoved` fact), so no later period bills them (R22). Nothing rolls a closed
    /// account afterwards.
    /// - Parameter id: the account.
    /// - Throws: ``MeterError/unknownAccount(_:)``.
    public func close(_ id: AccountID) throws(MeterError) {
        try withAccount(id) { (account: inout _LockedAccount) throws(MeterError) in
            account.recordPeriodClose()
            if account.profile.capacityPacks > 0 {
                account.facts.append(.capacityRemoved(day: account.profile.period.end, packs: Int(account.profile.capacityPacks)))
            }
            account.profile.closed = true
        }
        openCount.subtract(1, ordering: .relaxed)
    }

    /// Replaces the account's subscriptions, which set its included credits (R2) and the
    /// edition that gates features (R4).
    ///
    /// A change takes effect at once, unless it lowers the included credits after credits
    /// were used in the current period: then it takes effect at the start of the next
    /// period (R14's rule for removed capacity, with R12's exception for an unused period),
    /// and until then the account keeps its subscriptions, limit and editions. So usage
    /// accepted under the old limit is never turned into auto-upgrade packs (R11) or
    /// overage by a lower one. A later call replaces a held change. Thresholds a change in
    /// force puts below usage fire now.
    /// - Parameters:
    ///   - id: the account.
    ///   - subscriptions: at least one subscription.
    /// - Throws: ``MeterError/unknownAccount(_:)``, ``MeterError/invalidConfiguration(_:)``.
    public func setSubscriptions(_ id: AccountID, to subscriptions: [Subscription]) throws(MeterError) {
        guard !subscriptions.isEmpty else { throw .invalidConfiguration("an account needs at least one subscription") }
        try withAccount(id) { (account: inout _LockedAccount) throws(MeterError) in
            _ = try Self.limitSum(subscriptions.includedCredits, account.profile.capacityCredits)
            let requested = _SubscriptionSet(subscriptions)
            if account.usage > 0, requested.includedCredits < account.profile.includedCredits {
                account.pendingSubscriptions = requested
            } else {
                account.pendingSubscriptions = nil
                account.profile.subscriptions = requested
                account.settle()
            }
        }
    }

    /// Buys capacity packs, usable at once (R9). When the purchase brings the limit above
    /// the cap (the limit was at or below it before), the cap is raised to the new limit and
    /// a review notification is sent (R13); a cap the admin had set below the limit stays.
    /// Resumes an account paused by its limit (R10).
    /// - Parameters:
    ///   - id: the account.
    ///   - packs: 1,000-credit packs, at least 1.
    /// - Throws: ``MeterError/unknownAccount(_:)``, ``MeterError/invalidQuantity(_:)``,
    ///   ``MeterError/invalidConfiguration(_:)`` past the engine's maximum limit.
    public func buyCapacity(_ id: AccountID, packs: Int) throws(MeterError) {
        let packs = try Self.packCount(packs)
        guard packs > 0 else { throw .invalidQuantity("buy at least one pack") }
        try withAccount(id) { (account: inout _LockedAccount) throws(MeterError) in
            try Self.checkLimit(account.profile, adding: packs * CapacityPack.credits)
            let limitBefore = account.profile.limit
            account.profile.capacityPacks += packs
            account.facts.append(.capacityPurchased(day: account.today, packs: Int(packs)))
            account.raiseCapPastPurchase(limitBefore: limitBefore)
            account.settle()
        }
    }

    /// Adds monthly capacity in credits, for example from legacy packs (R15). A purchase like
    /// ``buyCapacity(_:packs:)``: when it brings the limit above the cap, the cap follows the
    /// limit and a review notification is sent (R13).
    /// - Parameters:
    ///   - id: the account.
    ///   - credits: credits of monthly capacity, at least 1.
    /// - Throws: ``MeterError/unknownAccount(_:)``, ``MeterError/invalidQuantity(_:)``,
    ///   ``MeterError/invalidConfiguration(_:)`` past the engine's maximum limit.
    public func addCapacity(_ id: AccountID, credits: UInt64) throws(MeterError) {
        guard credits > 0 else { throw .invalidQuantity("add at least one credit of capacity") }
        try withAccount(id) { (account: inout _LockedAccount) throws(MeterError) in
            try Self.checkLimit(account.profile, adding: credits)
            let limitBefore = account.profile.limit
            account.profile.extraCapacity += credits
            account.raiseCapPastPurchase(limitBefore: limitBefore)
            account.settle()
        }
    }

    /// Schedules the removal of packs at the end of the contract term (R14): the limit keeps
    /// them until the first period that starts on or after `day`. Requests for the same
    /// day add up; a request for another day replaces the pending one.
    /// - Parameters:
    ///   - id: the account.
    ///   - packs: packs to remove, at least 1; with those already scheduled for `day`, at
    ///     most those the account has.
    ///   - day: the end of the term.
    /// - Throws: ``MeterError/unknownAccount(_:)``, ``MeterError/invalidQuantity(_:)``.
    public func scheduleCapacityRemoval(_ id: AccountID, packs: Int, at day: CalendarDay) throws(MeterError) {
        let packs = try Self.packCount(packs)
        guard packs > 0 else { throw .invalidQuantity("remove at least one pack") }
        try withAccount(id) { (account: inout _LockedAccount) throws(MeterError) in
            let pending = account.scheduledRemoval.flatMap { $0.day == day ? $0.packs : nil } ?? 0
            guard pending + packs <= account.profile.capacityPacks else {
                throw .invalidQuantity("the account has \(account.profile.capacityPacks) packs, not \(pending + packs)")
            }
            account.scheduledRemoval = (pending + packs, day)
        }
    }

    /// Sets or clears the cap (R13). Usage never passes it; lowering it below usage pauses
    /// credit features at once. Raising it resumes them.
    /// - Parameters:
    ///   - id: the account.
    ///   - cap: the maximum monthly credits, or `nil` for none.
    /// - Throws: ``MeterError/unknownAccount(_:)``, ``MeterError/invalidConfiguration(_:)``
    ///   without purchased capacity or above the engine's maximum.
    public func setCap(_ id: AccountID, to cap: UInt64?) throws(MeterError) {
        try withAccount(id) { (account: inout _LockedAccount) throws(MeterError) in
            if let cap { try Self.checkCap(cap, hasCapacity: account.profile.hasCapacity) }
            account.profile.cap = cap
            account.settle()
        }
    }

    /// Changes the overage setting (R11, R12): at once when the account has used nothing
    /// this period, otherwise from the start of the next period.
    /// - Parameters:
    ///   - id: the account.
    ///   - mode: the new setting.
    /// - Returns: `true` when it took effect at once, `false` when it waits for next period.
    /// - Throws: ``MeterError/unknownAccount(_:)``.
    @discardableResult
    public func setOverageMode(_ id: AccountID, to mode: OverageMode) throws(MeterError) -> Bool {
        try withAccount(id) { (account: inout _LockedAccount) throws(MeterError) -> Bool in
            if account.usage == 0 || account.profile.mode == mode {
                account.profile.mode = mode
                account.profile.pendingMode = nil
                account.settle()
                return true
            }
            account.profile.pendingMode = mode
            return false
        }
    }

    /// Pauses or resumes the whole account (R17).
    /// - Parameters:
    ///   - id: the account.
    ///   - paused: `true` to pause, `false` to resume.
    /// - Throws: ``MeterError/unknownAccount(_:)``.
    public func setPaused(_ id: AccountID, _ paused: Bool) throws(MeterError) {
        try withAccount(id) { (account: inout _LockedAccount) throws(MeterError) in account.profile.paused = paused }
    }

    /// Pauses or resumes one feature for one account (R17).
    /// - Parameters:
    ///   - feature: the feature.
    ///   - id: the account.
    ///   - paused: `true` to pause, `false` to resume.
    /// - Throws: ``MeterError/unknownAccount(_:)``; ``MeterError/unknownFeature(_:)`` when
    ///   pausing a feature the catalog in force does not list (a feature it no longer lists
    ///   can still be resumed).
    public func setFeaturePaused(_ feature: FeatureIndex, for id: AccountID, _ paused: Bool) throws(MeterError) {
        try editRules(feature, for: id, mustBeListed: paused) { rules in
            if paused { rules.paused.insert(feature.rawValue) } else { rules.paused.remove(feature.rawValue) }
        }
    }

    /// Makes a feature free for one account during a window of days (R18), or removes the
    /// account's windows for the feature with `nil`.
    ///
    /// The feature's windows are kept as their union, without the days already past (the
    /// clock never goes back): a window repeated, overlapping or over is not stored again.
    /// Found by a review: each call appended its window to a copy of all the earlier ones,
    /// so a window set every day grew the rule sets quadratically, and every checked debit
    /// of the account scanned them all.
    /// - Parameters:
    ///   - feature: the feature.
    ///   - id: the account.
    ///   - window: `[from, until)`, or `nil` to remove every window of the feature.
    /// - Throws: ``MeterError/unknownAccount(_:)``; ``MeterError/unknownFeature(_:)`` when
    ///   setting a window for a feature the catalog in force does not list (a feature it
    ///   no longer lists can still have its windows removed);
    ///   ``MeterError/invalidConfiguration(_:)`` for a window that ends before it starts.
    public func setGraceWindow(_ feature: FeatureIndex, for id: AccountID, _ window: GraceWindow?) throws(MeterError) {
        if let window, window.until <= window.from {
            throw .invalidConfiguration("a grace window must end after it starts")
        }
        let today = clock.today
        try editRules(feature, for: id, mustBeListed: window != nil) { rules in
            guard let window else { rules.grace[feature.rawValue] = nil; return }
            let windows = GraceWindow.union((rules.grace[feature.rawValue] ?? []) + [window], from: today)
            rules.grace[feature.rawValue] = windows.isEmpty ? nil : windows
        }
    }

    /// Replaces the catalog (R16). Features keep their indexes by key; new keys get new
    /// indexes; a feature missing from the new catalog refuses with ``Refusal/unknownFeature``.
    ///
    /// **Linearization point**: the release store that publishes the new table. Every debit
    /// that starts after this call returns is priced by the new catalog. A debit in flight
    /// at the store, which read the old table and has yet to make its CAS, may still be
    /// accepted at the old price just after the call returns: the catalog is one word for the
    /// whole ledger, and a debit's CAS covers only its account's word. Such a debit comes
    /// before every debit its account makes at the new price. A refusal or a free debit of
    /// the checked path, which makes no CAS, checks the table again before it returns. Two
    /// kinds do not: an unknown-feature refusal for a feature the table it read lacks, and
    /// decisions of the slow path, which are made under the account's lock.
    /// - Parameter catalog: the new catalog.
    /// - Throws: ``MeterError/invalidConfiguration(_:)`` when the ledger would pass
    ///   ``FeatureCatalog/maximumFeatures`` distinct keys.
    /// - Complexity: O(features + rates) under the catalog lock. Each call builds two new
    ///   hot tables of ``FeatureCatalog/maximumFeatures`` words each, which the ledger keeps
    ///   until it is freed (debits in flight may still read an old one).
    public func replaceCatalog(_ catalog: FeatureCatalog) throws(MeterError) {
        try catalogState.withLock { state throws(MeterError) in
            guard state.fits(catalog) else {
                throw .invalidConfiguration("more than \(FeatureCatalog.maximumFeatures) distinct feature keys")
            }
            let fast = state.install(catalog)
            // Under the row arena's lock, like the swap to short tables: a ledger already
            // short of row blocks gets the new table's short twin, and one that runs short
            // later gets it swapped there (see `usageRowBlocks`).
            rows.withAppendsHeld {
                // The linearization point: one release store, after which every load of
                // `hotFast` (fast, checked and slow paths alike) sees the new catalog.
                // Debits read the catalog after their account's `state` and again after a
                // lost CAS, so on one account every debit priced by the old catalog comes,
                // in usage order, before every debit priced by the new one (R16).
                let short = _HotCatalog.table(at: hotFast.load(ordering: .relaxed)).pointee.usageRowsShort
                hotFast.store(short ? _HotCatalog.shortTwin(of: fast).unsafelyUnwrapped : fast, ordering: .releasing)
            }
        }
    }

    // MARK: Helpers

    /// Runs `body` on the account with `id` in an exclusive section (see ``_exclusive(slot:_:)``).
    /// - Parameters:
    ///   - id: the account.
    ///   - includingClosed: whether a closed account (its id not opened again) is read too,
    ///     as it was when it closed.
    ///   - body: reads and changes the account.
    /// - Returns: what `body` returns.
    /// - Throws: ``MeterError/unknownAccount(_:)`` for an unknown id, or a closed account
    ///   without `includingClosed`; what `body` throws.
    func withAccount<R>(_ id: AccountID, includingClosed: Bool = false,
                        _ body: (inout _LockedAccount) throws(MeterError) -> R) throws(MeterError) -> R {
        guard let slot = registry.slot(of: id.rawValue) else { throw .unknownAccount(id) }
        return try _exclusive(slot: slot) { (account: inout _LockedAccount) throws(MeterError) -> R in
            guard includingClosed || !account.profile.closed else { throw .unknownAccount(id) }
            return try body(&account)
        }
    }

    /// Edits the account's rules for `feature` in an exclusive section.
    /// - Parameters:
    ///   - feature: the feature; one the ledger has ever listed.
    ///   - id: the account.
    ///   - mustBeListed: whether the catalog in force must list `feature` (found by a
    ///     review: a removed feature could be paused, and the account then took the
    ///     checked path for every debit).
    ///   - edit: the change.
    /// - Throws: ``MeterError/unknownFeature(_:)``, ``MeterError/unknownAccount(_:)``, or
    ///   ``MeterError/invalidConfiguration(_:)`` when the rule set arena is full.
    private func editRules(_ feature: FeatureIndex, for id: AccountID, mustBeListed: Bool,
                           _ edit: (inout _FeatureRuleSet) -> Void) throws(MeterError) {
        let key = self.key(of: feature)
        guard let key, !mustBeListed || self.feature(key) == feature else {
            throw .unknownFeature(key ?? "#\(feature.rawValue)")
        }
        guard let slot = registry.slot(of: id.rawValue) else { throw .unknownAccount(id) }
        // The editable rules live in the stripe's side table; the exclusive section holds
        // that stripe's lock, so read and write them through it.
        try _exclusive(slot: slot) { (account: inout _LockedAccount) throws(MeterError) in
            guard !account.profile.closed else { throw .unknownAccount(id) }
            var rules = ruleSets.withLock { $0[slot] } ?? _FeatureRuleSet()
            edit(&rules)
            // The step that can fail comes first, so a failed call changes nothing (I6).
            var index: UInt32 = 0
            if !rules.isEmpty {
                guard let (appended, _) = self.rules.append({ _AccountRules(paused: rules.paused, grace: rules.grace) }) else {
                    throw .invalidConfiguration("the rule set arena is full")
                }
                index = appended
            }
            let stored = rules
            ruleSets.withLock { $0[slot] = stored.isEmpty ? nil : stored }
            account.profile.rulesIndex = index
        }
    }

    static func packCount(_ packs: Int) throws(MeterError) -> UInt64 {
        guard packs >= 0 else { throw .invalidQuantity("packs cannot be negative (\(packs))") }
        guard UInt64(packs) <= _AccountProfile.maximumLimit / CapacityPack.credits else {
            throw .invalidQuantity("\(packs) packs pass the engine's maximum limit")
        }
        return UInt64(packs)
    }

    static func checkCap(_ cap: UInt64, hasCapacity: Bool) throws(MeterError) {
        guard hasCapacity else { throw .invalidConfiguration("only an account with purchased capacity may set a cap (R13)") }
        guard cap <= _AccountProfile.maximumLimit else {
            throw .invalidConfiguration("cap \(cap) is above the engine's maximum of \(_AccountProfile.maximumLimit)")
        }
    }

    static func checkLimit(_ profile: _AccountProfile, adding credits: UInt64) throws(MeterError) {
        _ = try limitSum(profile.includedCredits, profile.capacityCredits, credits)
    }

    /// The monthly limit made of `parts`, checked against the engine's maximum without
    /// overflowing, whatever the parts (I6: an amount near `UInt64.max` is refused, not a trap).
    /// - Parameter parts: included credits and capacity.
    /// - Returns: their sum, at most ``_AccountProfile/maximumLimit``.
    /// - Throws: ``MeterError/invalidConfiguration(_:)`` when the sum passes the maximum.
    static func limitSum(_ parts: UInt64...) throws(MeterError) -> UInt64 {
        var sum: UInt64 = 0
        for part in parts {
            guard part <= _AccountProfile.maximumLimit - sum else {
                throw .invalidConfiguration("the monthly limit would pass the engine's maximum of \(_AccountProfile.maximumLimit) credits")
            }
            sum += part
        }
        return sum
    }
}
