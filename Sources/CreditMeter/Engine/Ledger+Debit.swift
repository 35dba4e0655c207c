public import Synchronization
// Public because the inlinable fast path asks for the bucket's line with a prefetch.
public import CreditMeterPrefetch

extension Ledger {
    /// Debits `quantity` actions of `feature` from the account behind `handle`.
    ///
    /// The fast path is lock-free and allocation-free and touches one cache line of the
    /// account: a prefetch of that line for writing, an acquire load of the bucket's state,
    /// relaxed loads of the clock's day, two configuration words and the recent usage row's
    /// key, arithmetic, and one compare-and-swap, which also counts the action in the recent
    /// usage row. A debit of another row adds to that row after the CAS; the first debit of
    /// an (account, feature, day, rate) beyond the recent row takes the stripe lock to add
    /// the row (and may allocate a block of rows), and the first debit of a new day moves
    /// the recent row in an exclusive section.
    ///
    /// **Linearization point**: an accepted debit linearizes at its successful CAS on the
    /// bucket's `state`; a refusal that depends on the account (limit, cap, pauses, edition,
    /// closed) linearizes at its load of `state`, and is only returned after a second load
    /// shows the configuration version unchanged (I2, I4). A debit that finds its account
    /// busy waits for the exclusive section to end. Debits that cross a notification
    /// threshold, need an auto-upgrade or meet a period end take the slow path: one stripe
    /// lock (see ``Ledger``).
    ///
    /// - Parameters:
    ///   - handle: an account resolved with ``handle(for:)``.
    ///   - feature: the feature used.
    ///   - quantity: how many actions, at least 1.
    ///   - seat: the seat of the user the debit is made for; `nil` for an automation (R3).
    /// - Returns: the decision; a refusal changes nothing.
    /// - Complexity: O(1) expected; one CAS, retried only when another debit on the same
    ///   account won the race.
    @inlinable @inline(__always)
    public func debit(_ handle: AccountHandle, feature: FeatureIndex, quantity: UInt32 = 1, seat: Seat? = nil) -> DebitDecision {
        // Ask for the bucket's line owned for writing before anything else: the checks in
        // `_debit` then overlap its arrival, and the CAS finds it owned. Without this, a line
        // last written by another core comes twice: shared for the load of `state`, then
        // owned for the CAS. A hint, which never faults: the pointer of another ledger's
        // handle is only prefetched, never read, before the token check refuses it. (A
        // lookup by id prefetches in `slot(of:)`, a batch for the debits ahead.)
        creditmeter_prefetch_for_write(handle.bucket)
        return _debit(handle.bucket, token: handle.ledgerToken,
                      _DebitFields(feature: feature, quantity: quantity, seat: seat, idempotencyKey: nil))
    }

    /// Debits by account id: a lock-free registry lookup, then the handle path.
    ///
    /// **Linearization point**: once the lookup has found the account's bucket, the same as
    /// ``debit(_:feature:quantity:seat:)``'s: an accepted debit at its CAS on the bucket's
    /// `state`, a refusal at its load of `state` (a closed account's id is refused there,
    /// as ``Refusal/unknownAccount``). An id the registry does not hold is refused at the
    /// lookup, and nothing is changed.
    /// - Parameters:
    ///   - account: the account id.
    ///   - feature: the feature used.
    ///   - quantity: how many actions, at least 1.
    ///   - seat: the user's seat; `nil` for an automation (R3).
    /// - Returns: the decision; ``Refusal/unknownAccount`` when no open account has the id.
    /// - Complexity: expected O(1): a hash probe plus the handle path.
    @inlinable @inline(__always)
    public func debit(account: AccountID, feature: FeatureIndex, quantity: UInt32 = 1, seat: Seat? = nil) -> DebitDecision {
        _debit(account: account, _DebitFields(feature: feature, quantity: quantity, seat: seat, idempotencyKey: nil))
    }

    /// Debits one ``Debit`` request, carrying its idempotency id to the sink.
    ///
    /// **Linearization point**: as by id, ``debit(account:feature:quantity:seat:)``: an
    /// accepted debit at its CAS on the bucket's `state`, a refusal at its load of `state`,
    /// and an id the registry does not hold at the lookup.
    /// - Parameter request: the debit.
    /// - Returns: the decision.
    /// - Complexity: expected O(1): a hash probe plus the handle path.
    @inlinable
    public func debit(_ request: Debit) -> DebitDecision {
        _debit(account: request.account, request)
    }

    /// Debits one ``HandleDebit`` request: the handle path, carrying the request's
    /// idempotency id to the sink.
    ///
    /// **Linearization point**: as ``debit(_:feature:quantity:seat:)``'s: an accepted debit
    /// at its CAS on the bucket's `state`, a refusal at its load of `state`.
    /// - Parameter request: the debit.
    /// - Returns: the decision; a refusal changes nothing.
    /// - Complexity: O(1) expected; one CAS, retried only when another debit on the same
    ///   account won the race.
    @inlinable @inline(__always)
    public func debit(_ request: HandleDebit) -> DebitDecision {
        creditmeter_prefetch_for_write(request.handle.bucket)
        return _debit(request.handle.bucket, token: request.handle.ledgerToken, request)
    }

    /// A registry lookup, then the fast path. Always inlined: as a generic it was otherwise
    /// left out of line, a call per debit by id (see `3779afd`).
    /// - Complexity: expected O(1): a hash probe plus the handle path.
    @inlinable @inline(__always)
    func _debit<Request: _DebitRequest>(account: AccountID, _ request: Request) -> DebitDecision {
        guard let slot = registry.slot(of: account.rawValue) else { return .refused(.unknownAccount) }
        return _debit(buckets.pointer(at: slot), token: token, request)
    }

    /// The fast path: the common debit, decided with a handful of compares and one CAS.
    /// Anything unusual (a busy, paused, ruled or closed account, a period end, an edition
    /// gate, a rate not yet in force, a free debit, a refusal, a threshold, or a ledger
    /// short of usage row blocks) goes to ``_debitChecked`` with the same inputs. The
    /// catalog and the configuration are read after `state`, on every attempt: a CAS lost
    /// to another debit or to an exclusive section starts over from the value it returned,
    /// with everything read again (a few loads of lines already in cache). So a successful
    /// CAS always decided with what was in force at it, and its full-word compare, not a
    /// version alone, guards that (the version can repeat only if 2^15 sections change the
    /// configuration *and* usage comes back to the same word). Nothing stays live from one
    /// attempt to the next, which also spares the registers: measured, the loop keeps no
    /// value on the stack. The account's slot and id are not inputs: the paths that need
    /// them read them from the bucket. The request's fields are read where they are used
    /// (see ``_DebitRequest``).
    @inlinable @inline(__always)
    func _debit<Request: _DebitRequest>(
        _ bucket: UnsafeMutablePointer<_Bucket>, token handleToken: UInt64, _ request: Request
    ) -> DebitDecision {
        // The caller has already asked for `bucket`'s line (see `debit(_:feature:quantity:seat:)`).
        let feature = request.feature, quantity = request.quantity
        let seatAllowed = request.seat.map(\.mayConsumeCredits) ?? true
        if handleToken == token, quantity > 0, seatAllowed, Int(feature.rawValue) < FeatureCatalog.maximumFeatures {
            var state = bucket.pointee.state.load(ordering: .acquiring)
            // Each attempt reads the configuration after the `state` it CASes, so a CAS
            // that succeeds decided with the configuration in force at it, whatever
            // exclusive sections ran since the previous attempt: a lost CAS starts over
            // from the value it returned (see `_exclusive`'s versions).
            while state & _Word.busyBit == 0 {
                // The catalog is read after `state` (R16): a debit another thread committed
                // with a newer catalog, which this `state` includes, is then priced no lower.
                let table = hotFast.load(ordering: .acquiring)
                let fast = table[Int(feature.rawValue)]
                let rate = _FastFeature.rate(fast)
                let credits = UInt64(quantity) &* UInt64(rate)
                // A debit that passes `fastFrom` costs credits (a free one is decided by the
                // checked path).
                let keyOffDay = _RowBlock.key(feature: feature.rawValue, day: 0, rate: rate)
                let charge = credits << _Word.usageShift
                // Read after `state`: a period rolled by another thread is then visible here.
                let day = clock._day.load(ordering: .relaxed)
                let terms = bucket.pointee.terms.load(ordering: .relaxed)
                let gate = bucket.pointee.gate.load(ordering: .relaxed)
                let recent = bucket.pointee.recentKey.load(ordering: .relaxed)
                // Paused, closed and ruled accounts all carry a flag in `terms`.
                guard terms & _Word.unusualTerms == 0
                    && day < _Word.periodEnd(terms) && day >= _FastFeature.fastFrom(fast)
                    && _FastFeature.minimumEdition(fast) <= _Word.edition(terms) else { break }
                // Not widened: an account with no bound that passes 2^32 − 1 credits in a
                // period is decided by the checked path.
                let after = _Word.usage(state) &+ credits
                guard after < gate >> 32 else { break }
                // The debit of the recent row's key counts its actions in the same CAS (in
                // the delta); when the delta would overflow, the CAS empties it and the
                // actions are added to the row after. `key` is never 0 here (its rate is
                // not), and an unclaimed row is all zeros.
                let key = keyOffDay | _RowBlock.key(feature: 0, day: day, rate: 0)
                let isRecent = _RecentRow.payload(recent) == key
                let delta = _Word.delta(state)
                let spill = isRecent && delta &+ UInt64(quantity) > _Word.maxDelta
                let desired = state &+ charge
                    &+ (spill ? 0 &- (delta << _Word.deltaShift) : isRecent ? UInt64(quantity) << _Word.deltaShift : 0)
                let (exchanged, original) = bucket.pointee.state.compareExchange(
                    expected: state, desired: desired, ordering: .acquiringAndReleasing)
                if exchanged {
                    // The slot and the id are read back from the bucket (the token
                    // matched, so it is this ledger's): neither stays live in the loop.
                    if spill || !isRecent {
                        _recordUsage(bucket, slot: bucket.pointee.slot, key: key,
                                     quantity: spill ? delta &+ UInt64(quantity) : UInt64(quantity))
                    }
                    if hasSink {
                        _deliver(bucket, feature: request.feature,
                                 quantity: request.quantity, credits: credits, day: day,
                                 idempotencyKey: request.idempotencyKey)
                    }
                    return .accepted(charged: credits, usageAfter: after, limit: _Word.limit(terms))
                }
                // Lost to another debit or to an exclusive section (busy: the checked path
                // waits it out).
                state = original
            }
        }
        return _debitChecked(bucket, token: handleToken, feature: request.feature,
                             quantity: request.quantity, seat: request.seat, idempotencyKey: request.idempotencyKey)
    }

    /// Every debit the fast path does not decide: the full checks, each refusal with its
    /// reason, free debits, and the slow path. Lock-free except for the slow path, for
    /// waiting out an exclusive section (busy bit) on the account's stripe lock, and for
    /// adding a usage row (under that lock; before deciding when the ledger is short of
    /// row blocks, see ``usageRowBlocks``).
    @usableFromInline @inline(never)
    func _debitChecked(
        _ bucket: UnsafeMutablePointer<_Bucket>, token handleToken: UInt64,
        feature: FeatureIndex, quantity: UInt32, seat: Seat?, idempotencyKey: UInt64?
    ) -> DebitDecision {
        guard handleToken == token else { return .refused(.unknownAccount) }
        // This ledger's bucket (the token matched): its slot and id are immutable.
        let slot = bucket.pointee.slot
        let account = AccountID(bucket.pointee.accountID)
        guard quantity > 0 else { return .refused(.invalidQuantity) }
        if let seat, !seat.mayConsumeCredits { return .refused(.seatNotEligible) }
        guard Int(feature.rawValue) < FeatureCatalog.maximumFeatures else { return .refused(.unknownFeature) }
        while true {
            let state = bucket.pointee.state.load(ordering: .acquiring)
            if state & _Word.busyBit != 0 {
                _waitWhileBusy(slot: slot)
                continue
            }
            // Read after `state`, on every attempt (R16): see the fast path.
            let published = hotFast.load(ordering: .acquiring)
            let catalog = _HotCatalog.table(at: published)
            let hot = catalog.pointee.features[Int(feature.rawValue)]
            guard hot.present else { return .refused(.unknownFeature) }
            let day = clock._day.load(ordering: .relaxed)
            let terms = bucket.pointee.terms.load(ordering: .relaxed)
            let gate = bucket.pointee.gate.load(ordering: .relaxed)
            // Acquiring: the rule set it names was initialized before it was published.
            let extra = bucket.pointee.extra.load(ordering: .acquiring)

            // A closed account is frozen: past its period end it is refused, not rolled.
            if day >= _Word.periodEnd(terms), terms & _Word.closedFlag == 0 {
                return _debitSlow(slot: slot, account: account, feature: feature, quantity: quantity, idempotencyKey: idempotencyKey)
            }
            var refusal: Refusal?
            var rate: UInt32 = 0
            if terms & (_Word.closedFlag | _Word.pausedFlag) != 0 {
                refusal = terms & _Word.closedFlag != 0 ? .unknownAccount : .accountPaused
            } else if hot.minimumEdition > _Word.edition(terms) {
                refusal = .featureNotInEdition
            } else if let dayRate = catalog.pointee.rate(hot, on: day) {
                rate = dayRate
                let ruleIndex = _Word.rules(extra)
                if ruleIndex != 0 {
                    let rules = self.rules.pointer(at: ruleIndex)
                    if rules.pointee.isPaused(feature.rawValue) {
                        refusal = .featurePaused
                    } else if rules.pointee.isFree(feature.rawValue, on: day) {
                        rate = 0
                    }
                }
            } else {
                refusal = .unknownFeature
            }
            let credits = UInt64(quantity) &* UInt64(rate)
            let after = _Word.usage(state) &+ credits
            // A free debit always fits (R18), even when a lowered cap or limit is below usage.
            if refusal == nil, credits != 0, after > _Word.ceiling(gate) {
                // The period's first such refusal is notified (R19), under the lock.
                if terms & _Word.refusalNoticeFlag != 0 {
                    return _debitSlow(slot: slot, account: account, feature: feature, quantity: quantity, idempotencyKey: idempotencyKey)
                }
                refusal = terms & _Word.capBoundFlag != 0 ? .capReached : .limitReached
            }
            // Short of row blocks: the row is set up first, or the debit is refused (I3).
            // (A debit for the slow path sets it up there.)
            if refusal == nil, credits == 0 || after < _Word.bound(gate), catalog.pointee.usageRowsShort,
               !_reserveUsageRow(bucket, slot: slot, key: _RowBlock.key(feature: feature.rawValue, day: day, rate: rate)) {
                refusal = .usageStorageFull
            }
            if let refusal {
                // The refusal holds if no exclusive section changed the configuration and
                // no catalog was published since they were read: what was read is then
                // the one in force at this second load (usage only grows in a period, and
                // a roll is an exclusive section). The fence keeps the configuration loads
                // before this one.
                atomicMemoryFence(ordering: .acquiring)
                let now = bucket.pointee.state.load(ordering: .acquiring)
                if now & (_Word.versionMask | _Word.busyBit) == state & (_Word.versionMask | _Word.busyBit),
                   hotFast.load(ordering: .relaxed) == published {
                    return .refused(refusal)
                }
                continue
            }
            if credits != 0, after >= _Word.bound(gate) {
                return _debitSlow(slot: slot, account: account, feature: feature, quantity: quantity, idempotencyKey: idempotencyKey)
            }
            if credits != 0 {
                let desired = state &+ (credits << _Word.usageShift)
                guard bucket.pointee.state.compareExchange(
                    expected: state, desired: desired, ordering: .acquiringAndReleasing
                ).exchanged else { continue }
            } else {
                // Free debit (grace window or a zero rate): no usage changes, so it
                // linearizes at a second load that shows the configuration and the
                // catalog unchanged.
                atomicMemoryFence(ordering: .acquiring)
                let now = bucket.pointee.state.load(ordering: .acquiring)
                guard now & (_Word.versionMask | _Word.busyBit) == state & (_Word.versionMask | _Word.busyBit),
                      hotFast.load(ordering: .relaxed) == published else { continue }
            }
            _recordUsage(bucket, slot: slot, key: _RowBlock.key(feature: feature.rawValue, day: day, rate: rate), quantity: UInt64(quantity))
            if hasSink {
                _deliver(bucket, feature: feature, quantity: quantity, credits: credits, day: day, idempotencyKey: idempotencyKey)
            }
            return .accepted(charged: credits, usageAfter: after, limit: _Word.limit(terms))
        }
    }

    /// Sets up the usage row for `key` (see ``_reserveUsageRowLocked(_:key:)``), taking the
    /// stripe lock only when the row is not there yet.
    @inline(never)
    func _reserveUsageRow(_ bucket: UnsafeMutablePointer<_Bucket>, slot: UInt32, key: UInt64) -> Bool {
        _usageRowExists(bucket, key: key) || stripes.withLock(slot) { _ in _reserveUsageRowLocked(bucket, key: key) }
    }

    /// Counts the accepted actions for (feature, day, rate) (I3): in the bucket's recent
    /// row when it holds that key (the cache line the debit's CAS already owns), else in
    /// the account's row blocks.
    /// - Complexity: O(1) on the recent row; otherwise O(rows walked), and a missing row
    ///   or a new day's recent row is set up under the stripe lock.
    @inlinable @inline(__always)
    func _recordUsage(_ bucket: UnsafeMutablePointer<_Bucket>, slot: UInt32, key: UInt64, quantity: UInt64) {
        let recent = bucket.pointee.recentKey.load(ordering: .acquiring)
        if _RecentRow.payload(recent) == key, _countIntoRecentRow(bucket, recent: recent, quantity: quantity) {
            return
        }
        _recordUsageElsewhere(slot: slot, key: key, quantity: quantity)
    }

    /// Adds `quantity` to the recent row while it is still the row `recent` names: the same
    /// generation in `recentTimes` and the same word in `recentKey`. The generation alone
    /// comes back after 4,095 moves (one a day with the system clock, but a manual clock can
    /// move days fast); a key word never comes back, since a move only goes to a later day.
    /// So an adder delayed across that many moves counts elsewhere, not in a later key's row.
    /// - Returns: `false` when the row was claimed for another key (or never claimed).
    @inlinable @inline(__always)
    func _countIntoRecentRow(_ bucket: UnsafeMutablePointer<_Bucket>, recent: UInt64, quantity: UInt64) -> Bool {
        let generation = _RecentRow.generation(recent)
        guard generation != 0 else { return false }
        // Acquiring: a count written by a later move comes with that move's key (the move
        // publishes the count with a release store, after every earlier key).
        var times = bucket.pointee.recentTimes.load(ordering: .acquiring)
        while _RecentRow.generation(times) == generation, _RecentRow.payload(times) < _RecentRow.payloadMask >> 1,
              bucket.pointee.recentKey.load(ordering: .acquiring) == recent {
            // Releasing: a reader that sees this count also sees the spill CAS on `state`
            // that emptied the delta it includes (see `usageRows`), so it never counts both.
            let (exchanged, original) = bucket.pointee.recentTimes.compareExchange(
                expected: times, desired: times &+ quantity, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            times = original
        }
        return false
    }

    /// The block with id `id` (see ``_RowBlock``).
    @inlinable @inline(__always)
    func _rowBlock(_ id: UInt32) -> UnsafeMutablePointer<Atomic<UInt64>> { rows.pointer(at: id &* _RowBlock.words) }

    /// Adds `quantity` to the row with `key` in the blocks starting at `head`.
    /// - Returns: `false` when no block has such a row.
    /// - Complexity: O(blocks scanned); one line of keys per block.
    @inlinable @inline(__always)
    func _countIntoRow(from head: UInt32, key: UInt64, quantity: UInt64) -> Bool {
        let wanted = key | _RowBlock.present
        var id = head
        while id != 0 {
            let block = _rowBlock(id)
            for entry in 0..<_RowBlock.width {
                let stored = (block + entry).pointee.load(ordering: .acquiring)
                if stored == wanted {
                    (block + _RowBlock.timesWord + entry).pointee.wrappingAdd(quantity, ordering: .relaxed)
                    return true
                }
                if stored == 0 { break }
            }
            id = _RowBlock.next(block)
        }
        return false
    }
}
