import Synchronization

extension Ledger {
    /// Runs `body` with the account at `slot` held exclusively, after rolling it to today
    /// (a closed account is not rolled: closing freezes it).
    ///
    /// Takes the stripe lock, then sets the bucket's busy bit with a CAS (every debit CAS
    /// in flight fails and its debit retries after the section). At the end it publishes
    /// the profile's configuration words and releases `state` with the new usage and busy
    /// clear: that release store is the **linearization point** of the control operation,
    /// and of a slow-path debit. The version moves on only when a word a debit decides with
    /// changed (`terms`, `gate`, `extra`, `recentKey`): a section that changed none of them
    /// (a snapshot, a report) leaves every in-flight debit's reading valid, and does not
    /// use up versions. An accepted debit's CAS compares the whole `state` word, with the
    /// configuration read after it on every attempt, so a repeated version alone cannot
    /// fool it (usage would have to come back to the same word too). A refusal or a free
    /// debit of the checked path is validated by the version alone: 2^15 sections must
    /// change the configuration between its two loads of `state` to mislead it. Events are
    /// emitted under the lock, so an account's events arrive in order.
    /// - Parameters:
    ///   - slot: the account's slot.
    ///   - body: reads and changes the account; a thrown error leaves it as rolled.
    /// - Returns: what `body` returns.
    func _exclusive<R, E: Error>(slot: UInt32, _ body: (inout _LockedAccount) throws(E) -> R) throws(E) -> R {
        try stripes.withLock(slot) { side throws(E) -> R in
            let bucket = buckets.pointer(at: slot)
            let profile = profiles.pointer(at: slot)
            var state = bucket.pointee.state.load(ordering: .relaxed)
            while true {
                let (exchanged, original) = bucket.pointee.state.compareExchange(
                    expected: state, desired: state | _Word.busyBit, ordering: .acquiringAndReleasing)
                if exchanged { break }
                state = original
            }
            // Orders the configuration stores below after the busy bit for a reader that
            // validates with an acquire fence (the checked path's refusals).
            atomicMemoryFence(ordering: .releasing)
            // The recent row's delta is stable now: fold it into the row's count.
            let delta = _Word.delta(state)
            if delta != 0 { bucket.pointee.recentTimes.wrappingAdd(delta, ordering: .relaxed) }
            let before = (terms: bucket.pointee.terms.load(ordering: .relaxed),
                          gate: bucket.pointee.gate.load(ordering: .relaxed),
                          extra: bucket.pointee.extra.load(ordering: .relaxed),
                          recent: bucket.pointee.recentKey.load(ordering: .relaxed))
            var account = _LockedAccount(profile: profile.pointee, usage: _Word.usage(state), today: clock.today,
                                         scheduledRemoval: side.removals[slot],
                                         pendingSubscriptions: side.pendingSubscriptions[slot])
            if !account.profile.closed {
                let period = account.profile.period
                account.roll()
                if account.profile.period != period { _dropEndedRules(slot: slot, of: &account) }
            }
            let result: Result<R, E>
            do throws(E) {
                result = .success(try body(&account))
            } catch {
                result = .failure(error)
            }
            account.notePeakHardLimit()
            #if METER_INTERNAL_CHECKS
            if let peak = account.profile.peakHardLimit {
                precondition(account.usage <= peak, "I1: usage \(account.usage) passed every hard limit of the period (\(peak))")
            }
            #endif
            profile.pointee = account.profile
            let words = account.words(extra: bucket.pointee.extra.load(ordering: .relaxed))
            bucket.pointee.terms.store(words.terms, ordering: .relaxed)
            bucket.pointee.gate.store(words.gate, ordering: .relaxed)
            // Releasing: a reader that finds a rule set or a row block through `extra`
            // sees it initialized (this section may only rewrite the row head it read).
            bucket.pointee.extra.store(words.extra, ordering: .releasing)
            let changed = words.terms != before.terms || words.gate != before.gate || words.extra != before.extra
                || bucket.pointee.recentKey.load(ordering: .relaxed) != before.recent
            let version = changed ? _Word.nextVersion(state) : state & _Word.versionMask
            bucket.pointee.state.store(_Word.state(usage: account.usage, version: version), ordering: .releasing)
            if !account.facts.isEmpty { side.facts[slot, default: []].append(contentsOf: account.facts) }
            side.removals[slot] = account.scheduledRemoval
            side.pendingSubscriptions[slot] = account.pendingSubscriptions
            events.emit(account.events)
            return try result.get()
        }
    }

    /// At a period roll, forgets the account's feature rules when none applies any more: no
    /// feature paused and every grace window ended (R17, R18). Any rule sends every debit of
    /// the account to the checked path; once they are gone, its debits take the fast path
    /// again. Rules still in force are kept whole; their ended windows go at the next rule
    /// edit.
    ///
    /// Called in the roll's exclusive section, which holds the stripe lock that rule edits
    /// take too. The rule set stays allocated (a checked debit in flight may still read it);
    /// the section's new `extra` and `terms` move the version, so such a debit starts over.
    /// - Parameters:
    ///   - slot: the account's slot.
    ///   - account: the account, rolled to today.
    func _dropEndedRules(slot: UInt32, of account: inout _LockedAccount) {
        guard account.profile.rulesIndex != 0 else { return }
        let today = account.today
        let ended = ruleSets.withLock { sets -> Bool in
            guard let rules = sets[slot], rules.paused.isEmpty,
                  rules.grace.values.allSatisfy({ windows in windows.allSatisfy { $0.until <= today } }) else { return false }
            sets[slot] = nil
            return true
        }
        if ended { account.profile.rulesIndex = 0 }
    }

    /// Waits for an exclusive section on the account to end: its owner holds the stripe
    /// lock until it clears the busy bit.
    @usableFromInline @inline(never)
    func _waitWhileBusy(slot: UInt32) {
        stripes.withLock(slot) { _ in }
    }

    /// The slow path of a debit: decided with the account held exclusively (thresholds,
    /// auto-upgrade, period end). See ``debit(_:feature:quantity:seat:)``.
    @usableFromInline @inline(never)
    func _debitSlow(slot: UInt32, account id: AccountID, feature: FeatureIndex, quantity: UInt32, idempotencyKey: UInt64?) -> DebitDecision {
        var rate: UInt32 = 0
        var day = CalendarDay(daysSinceEpoch: 0)
        let decision = _exclusive(slot: slot) { (account: inout _LockedAccount) -> DebitDecision in
            day = account.today
            let profile = account.profile
            if profile.closed { return .refused(.unknownAccount) }
            if profile.paused { return .refused(.accountPaused) }
            let catalog = _HotCatalog.table(at: hotFast.load(ordering: .acquiring))
            let hot = catalog.pointee.features[Int(feature.rawValue)]
            guard hot.present else { return .refused(.unknownFeature) }
            guard hot.minimumEdition <= UInt8((profile.subscriptions.highestEdition ?? .starter).rawValue) else {
                return .refused(.featureNotInEdition)
            }
            guard let dayRate = catalog.pointee.rate(hot, on: day.daysSinceEpoch) else { return .refused(.unknownFeature) }
            rate = dayRate
            if profile.rulesIndex != 0 {
                let rules = self.rules.pointer(at: profile.rulesIndex)
                if rules.pointee.isPaused(feature.rawValue) { return .refused(.featurePaused) }
                if rules.pointee.isFree(feature.rawValue, on: day.daysSinceEpoch) { rate = 0 }
            }
            let credits = UInt64(quantity) * UInt64(rate)
            // Short of row blocks: the row is set up only for a debit that fits, so a
            // refusal for the limit or the cap takes no row (I3).
            if catalog.pointee.usageRowsShort, account.refusal(ofCredits: credits) == nil, !_reserveUsageRowLocked(
                buckets.pointer(at: slot), key: _RowBlock.key(feature: feature.rawValue, day: day.daysSinceEpoch, rate: rate)) {
                return .refused(.usageStorageFull)
            }
            return account.debit(credits: credits)
        }
        if case .accepted(let credits, _, _) = decision {
            _recordUsage(buckets.pointer(at: slot), slot: slot,
                         key: _RowBlock.key(feature: feature.rawValue, day: day.daysSinceEpoch, rate: rate), quantity: UInt64(quantity))
            if hasSink {
                _deliver(buckets.pointer(at: slot), feature: feature, quantity: quantity, credits: credits, day: day.daysSinceEpoch,
                         idempotencyKey: idempotencyKey)
            }
        }
        return decision
    }

    /// Counts actions the recent row did not take: into the account's row blocks, or into a
    /// recent row moved to this key when it held an older day's (see ``_RecentRow``).
    @usableFromInline @inline(never)
    func _recordUsageElsewhere(slot: UInt32, key: UInt64, quantity: UInt64) {
        let bucket = buckets.pointer(at: slot)
        let head = _Word.rowHead(bucket.pointee.extra.load(ordering: .acquiring))
        if _countIntoRow(from: head, key: key, quantity: quantity) { return }
        // Under the stripe lock: count it, unless the recent row should move to this key.
        let move = stripes.withLock(slot) { _ in _countUnlessRecentRowMoves(bucket, key: key, quantity: quantity) }
        guard move else { return }
        // Moving the recent row changes `recentKey`, which debits read as configuration:
        // an exclusive section (busy bit set, the delta folded in first).
        _exclusive(slot: slot) { (_: inout _LockedAccount) in
            guard _countUnlessRecentRowMoves(bucket, key: key, quantity: quantity) else { return }
            let recent = bucket.pointee.recentKey.load(ordering: .relaxed)
            let generation = _RecentRow.generation(recent)
            let next = generation % 0xFFF + 1
            // Seal the old count: adders still holding the old generation now fail their
            // CAS and count in the row blocks instead. Then spill it there and publish.
            var times = bucket.pointee.recentTimes.load(ordering: .relaxed)
            while true {
                let (exchanged, original) = bucket.pointee.recentTimes.compareExchange(
                    expected: times, desired: _RecentRow.word(generation: next, payload: 0), ordering: .relaxed)
                if exchanged { break }
                times = original
            }
            if generation != 0, _RecentRow.payload(times) > 0 {
                _countIntoRowLocked(bucket, key: _RecentRow.payload(recent), amount: _RecentRow.payload(times))
            }
            // Releasing: an adder that reads this count also reads every earlier key (see
            // `_countIntoRecentRow`).
            bucket.pointee.recentTimes.store(_RecentRow.word(generation: next, payload: quantity), ordering: .releasing)
            bucket.pointee.recentKey.store(_RecentRow.word(generation: next, payload: key), ordering: .releasing)
        }
    }

    /// Counts `quantity` for `key` in the recent row or the row blocks, unless the recent
    /// row is unclaimed or holds an older day, in which case it should move to `key`.
    /// Holds the stripe lock.
    /// - Returns: `true` when nothing was counted because the recent row should move.
    func _countUnlessRecentRowMoves(_ bucket: UnsafeMutablePointer<_Bucket>, key: UInt64, quantity: UInt64) -> Bool {
        let recent = bucket.pointee.recentKey.load(ordering: .relaxed)
        let generation = _RecentRow.generation(recent)
        if _RecentRow.payload(recent) == key, _countIntoRecentRow(bucket, recent: recent, quantity: quantity) {
            return false
        }
        if generation == 0 || _RowBlock.dayNumber(_RecentRow.payload(recent)) < _RowBlock.dayNumber(key) {
            return true
        }
        _countIntoRowLocked(bucket, key: key, amount: quantity)
        return false
    }

    /// Adds `amount` to the row with `key`, adding the row if missing. Holds the stripe lock.
    /// - Parameters:
    ///   - bucket: the account's bucket.
    ///   - key: the row's key.
    ///   - amount: actions to count (0 to set up the row for a debit still to decide).
    ///   - decided: the debit is already accepted, so its row may take a block past
    ///     ``usageRowBlocks`` (from the margin); otherwise the limit holds.
    /// - Returns: `false` when the row would need a block past the limit and `decided` is
    ///   `false`; nothing was counted.
    @discardableResult
    func _countIntoRowLocked(_ bucket: UnsafeMutablePointer<_Bucket>, key: UInt64, amount: UInt64, decided: Bool = true) -> Bool {
        let extra = bucket.pointee.extra.load(ordering: .relaxed)
        let head = _Word.rowHead(extra)
        if _countIntoRow(from: head, key: key, quantity: amount) { return true }
        if head != 0 {
            let block = _rowBlock(head)
            for entry in 0..<_RowBlock.width where (block + entry).pointee.load(ordering: .relaxed) == 0 {
                (block + _RowBlock.timesWord + entry).pointee.store(amount, ordering: .relaxed)
                (block + entry).pointee.store(key | _RowBlock.present, ordering: .releasing)
                return true
            }
        }
        let words = Int(_RowBlock.words)
        let appended = rows.append(group: words, limit: decided ? .max : rowWordLimit, mark: rowWordLimit,
                                   reachingMark: { _swapToShortTables() }, { Atomic(0) })
        guard let (index, block) = appended else {
            // Only a decided debit gets here with the margin used up: more than 65,536
            // debits decided before the limit was reached and still adding their rows.
            guard decided else { return false }
            preconditionFailure("usage row margin is used up (\(rows.count / words) blocks)")
        }
        (block + _RowBlock.nextWord).pointee.store(UInt64(head), ordering: .relaxed)
        (block + _RowBlock.timesWord).pointee.store(amount, ordering: .relaxed)
        block.pointee.store(key | _RowBlock.present, ordering: .relaxed)
        bucket.pointee.extra.store(_Word.extra(rules: _Word.rules(extra), rowHead: index / _RowBlock.words), ordering: .releasing)
        return true
    }

    /// Sets up the row a debit of `key` will count into, before the debit decides, while
    /// the ledger is short of row blocks (see ``usageRowBlocks``). Holds the stripe lock.
    /// - Returns: `false` when the row is missing and no block is left for it.
    func _reserveUsageRowLocked(_ bucket: UnsafeMutablePointer<_Bucket>, key: UInt64) -> Bool {
        // `_countIntoRowLocked` looks for a block row itself before it adds one.
        _recentRowTakes(bucket, key: key) || _countIntoRowLocked(bucket, key: key, amount: 0, decided: false)
    }

    /// Whether a debit of `key` will find its usage row without adding one: the recent row
    /// takes it, or a block row holds `key`. Needs no lock: a row, once there, stays
    /// findable (a recent row that moves away spills its count into a block row first).
    func _usageRowExists(_ bucket: UnsafeMutablePointer<_Bucket>, key: UInt64) -> Bool {
        _recentRowTakes(bucket, key: key)
            || _countIntoRow(from: _Word.rowHead(bucket.pointee.extra.load(ordering: .acquiring)), key: key, quantity: 0)
    }

    /// Whether the recent row holds `key` with room to count: unless its count nears the
    /// point where `_countIntoRecentRow` gives up (2^51). Below 2^50, the debits in flight
    /// (at most 2^32 actions each) cannot reach it, so none is sent to a block after its
    /// decision.
    func _recentRowTakes(_ bucket: UnsafeMutablePointer<_Bucket>, key: UInt64) -> Bool {
        let recent = bucket.pointee.recentKey.load(ordering: .acquiring)
        guard _RecentRow.generation(recent) != 0, _RecentRow.payload(recent) == key else { return false }
        let times = bucket.pointee.recentTimes.load(ordering: .relaxed)
        return _RecentRow.generation(times) == _RecentRow.generation(recent) && _RecentRow.payload(times) < _RecentRow.payloadMask >> 2
    }

    /// Makes every debit from now on take the checked path, which sets up its usage row
    /// before it decides (see ``usageRowBlocks``): replaces the table in force with its short
    /// twin (a short table has none, so a ledger is short exactly when the table in force is). Runs under the row arena's lock, in the append that
    /// reaches the limit, so no block past the limit is handed out before the swap;
    /// `replaceCatalog` publishes under the same lock, so it cannot put back a usual table.
    /// Takes no lock and allocates nothing (the twin was laid out with the catalog).
    /// Idempotent.
    func _swapToShortTables() {
        let current = hotFast.load(ordering: .relaxed)
        if let twin = _HotCatalog.shortTwin(of: current) { hotFast.store(twin, ordering: .releasing) }
    }

    /// Hands an accepted debit of the account in `bucket` to the sink. The account's id and
    /// opening are read here, from the bucket (both immutable), not carried by the debit.
    @usableFromInline @inline(never)
    func _deliver(_ bucket: UnsafeMutablePointer<_Bucket>, feature: FeatureIndex, quantity: UInt32, credits: UInt64, day: Int32,
                  idempotencyKey: UInt64?) {
        sink?.record(AcceptedDebit(account: AccountID(bucket.pointee.accountID), opening: bucket.pointee.slot, feature: feature,
                                  quantity: quantity, credits: credits, day: CalendarDay(daysSinceEpoch: day),
                                  idempotencyKey: idempotencyKey))
    }
}
