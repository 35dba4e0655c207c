import Synchronization

/// Reading an account's state (R21). Snapshots, usage by feature, billing facts and the
/// audit first roll the account to today, in a short exclusive section, so they never show
/// a period that has already ended. The usage log and daily usage read the rows by day, as
/// counted; they stay readable for a closed account until its id is opened again.
extension Ledger {
    /// The account's limits and usage at one instant.
    ///
    /// A short exclusive section, which first closes a period that has ended (its event
    /// and fact). **Linearization point**: the section's end, as for a control operation.
    /// - Parameter id: the account.
    /// - Returns: the snapshot, or `nil` for an unknown or closed account.
    /// - Complexity: O(1): a registry lookup and the account's stripe lock.
    public func snapshot(of id: AccountID) -> AccountSnapshot? {
        snapshot(of: id, includingClosed: false)
    }

    /// The account's snapshot; with `includingClosed`, a closed account's too, as it was
    /// when it closed (closing freezes it: its period is not rolled).
    /// - Parameters:
    ///   - id: the account.
    ///   - includingClosed: whether a closed account (not yet opened again) is read.
    /// - Returns: the snapshot, or `nil` for an unknown id (or a closed account without
    ///   `includingClosed`).
    func snapshot(of id: AccountID, includingClosed: Bool) -> AccountSnapshot? {
        try? withAccount(id, includingClosed: includingClosed) { (account: inout _LockedAccount) throws(MeterError) -> AccountSnapshot in
            let profile = account.profile
            return AccountSnapshot(
                id: id, period: profile.period, usage: account.usage, monthlyLimit: profile.limit, cap: profile.cap,
                hardLimit: profile.hardLimit, overageMode: profile.mode, pendingOverageMode: profile.pendingMode,
                includedCredits: profile.includedCredits,
                pendingIncludedCredits: account.pendingSubscriptions?.includedCredits, capacityCredits: profile.capacityCredits,
                upgradedPacks: Int(profile.upgradedPacks), paused: profile.paused)
        }
    }

    /// Credits used this period, by feature (I3: they sum to the account's usage once no
    /// debit is in flight).
    /// - Parameter id: the account.
    /// - Returns: credits by feature; empty for an unknown account.
    /// - Complexity: O(the account's usage rows), plus a ``snapshot(of:)``.
    public func usageByFeature(of id: AccountID) -> [FeatureIndex: UInt64] {
        guard let period = snapshot(of: id)?.period else { return [:] }
        return usageByFeature(of: id, in: period)
    }

    /// The day of the month the account's usage periods start on (R5), or `nil` for an
    /// unknown or closed account.
    func anchorDay(of id: AccountID) -> Int? {
        try? withAccount(id) { (account: inout _LockedAccount) throws(MeterError) in Int(account.profile.anchorDay) }
    }

    /// Credits used in `period`, by feature, from the account's usage rows.
    func usageByFeature(of id: AccountID, in period: UsagePeriod) -> [FeatureIndex: UInt64] {
        var totals: [FeatureIndex: UInt64] = [:]
        for row in usageRows(of: id) where period.contains(row.day) {
            totals[row.feature, default: 0] += row.times * row.rate
        }
        return totals
    }

    /// The usage log over `[from, until)`: per day and action, the rate, the times it ran
    /// and the credits used, ordered by day then feature key (R21).
    /// - Parameters:
    ///   - id: the account.
    ///   - from: the first day.
    ///   - until: the day after the last.
    /// - Returns: the log lines; empty for an id never opened or an empty range (a closed
    ///   account keeps its log until its id is opened again).
    /// - Complexity: O(r log r) for the account's r usage rows, whatever the range: every
    ///   row is read, then the range's are sorted.
    public func usageLog(of id: AccountID, from: CalendarDay, until: CalendarDay) -> [UsageLogEntry] {
        // Rows first, then the keys: a key is added before any row can use its index, and
        // keys are only appended, so the later copy names every row read before it (found
        // by a review: read the other way round, a feature added by a concurrent
        // replaceCatalog and debited at once indexed past the copy and trapped).
        let rows = usageRows(of: id)
        let keys = catalogState.withLock { $0.keys }
        return rows
            .filter { from <= $0.day && $0.day < until }
            .map { row in
                UsageLogEntry(day: row.day, feature: Self.featureKey(row.feature, in: keys), creditsPerAction: row.rate,
                              timesRun: row.times, creditsUsed: row.times * row.rate)
            }
            .sorted { ($0.day, $0.feature, $0.creditsPerAction) < ($1.day, $1.feature, $1.creditsPerAction) }
    }

    /// The key of the feature at `index` in `keys`, or `#index` should the copy lack it. The
    /// order of `usageLog`'s reads makes that impossible; the fallback keeps a report from
    /// trapping if it ever were not (I6).
    /// - Parameters:
    ///   - index: a row's feature.
    ///   - keys: the ledger's feature keys by index.
    /// - Returns: the key.
    static func featureKey(_ index: FeatureIndex, in keys: [String]) -> String {
        keys.indices.contains(Int(index.rawValue)) ? keys[Int(index.rawValue)] : "#\(index.rawValue)"
    }

    /// Credits used per day over `[from, until)` (R21); days with no action are left out,
    /// and a day with only free actions (a grace window or a zero rate) is there with 0.
    /// - Parameters:
    ///   - id: the account.
    ///   - from: the first day.
    ///   - until: the day after the last.
    /// - Returns: credits by day.
    /// - Complexity: as ``usageLog(of:from:until:)``.
    public func dailyUsage(of id: AccountID, from: CalendarDay, until: CalendarDay) -> [CalendarDay: UInt64] {
        var totals: [CalendarDay: UInt64] = [:]
        for entry in usageLog(of: id, from: from, until: until) { totals[entry.day, default: 0] += entry.creditsUsed }
        return totals
    }

    /// The billing facts of the account, oldest first (purchases, upgrades, removals and
    /// closed periods), exactly as they happened.
    /// - Parameter id: the account.
    /// - Returns: the facts; empty for an unknown account.
    /// - Complexity: O(facts) to copy them, after a ``snapshot(of:)``.
    public func billingFacts(of id: AccountID) -> [BillingFact] {
        guard let slot = registry.slot(of: id.rawValue) else { return [] }
        _ = snapshot(of: id)  // roll first, so a period that ended is closed
        return stripes.withLock(slot) { $0.facts[slot] ?? [] }
    }

    /// Checks I1 and I3 for every open account: usage within the highest hard limit in
    /// force during the period (a limit lowered below usage later is no overshoot), and
    /// usage rows of the period summing to usage. Meaningful when no debit is in flight.
    /// - Returns: one line per violation; empty when all hold.
    /// - Complexity: O(accounts + usage rows), with one exclusive section per account: a
    ///   check for tests and audits, not for a hot loop.
    public func auditInvariants() -> [String] {
        var ids: [AccountID] = []
        // A bucket is appended before its profile (both under the open lock): read only
        // slots whose profile exists.
        for slot in 0..<UInt32(min(buckets.count, profiles.count)) {
            stripes.withLock(slot) { _ in
                let profile = profiles.pointer(at: slot).pointee
                if !profile.closed { ids.append(profile.id) }
            }
        }
        var violations: [String] = []
        for id in ids {
            // Usage and its period from one section: a roll between two reads would compare
            // one period's usage with the next one's rows.
            guard let (usage, peak, period) = try? withAccount(id, { (account: inout _LockedAccount) throws(MeterError) in
                (account.usage, account.profile.peakHardLimit, account.profile.period)
            }) else { continue }
            if let peak, usage > peak {
                violations.append("I1: account \(id) used \(usage) past every hard limit of its period (at most \(peak))")
            }
            let byFeature = usageByFeature(of: id, in: period).values.reduce(0, +)
            if byFeature != usage {
                violations.append("I3: account \(id) usage \(usage) but its features sum to \(byFeature)")
            }
        }
        return violations
    }

    /// Every usage row of the account, the recent row merged into the list: (feature, day,
    /// rate, times). Read under the stripe lock, so the recent row does not move meanwhile.
    func usageRows(of id: AccountID) -> [(feature: FeatureIndex, day: CalendarDay, rate: UInt64, times: UInt64)] {
        guard let slot = registry.slot(of: id.rawValue) else { return [] }
        let bucket = buckets.pointer(at: slot)
        var times: [UInt64: UInt64] = [:]
        stripes.withLock(slot) { _ in
            var id = _Word.rowHead(bucket.pointee.extra.load(ordering: .acquiring))
            while id != 0 {
                let block = _rowBlock(id)
                for entry in 0..<_RowBlock.width {
                    let key = (block + entry).pointee.load(ordering: .acquiring)
                    if key == 0 { break }
                    let count = (block + _RowBlock.timesWord + entry).pointee.load(ordering: .relaxed)
                    times[key & ~_RowBlock.present, default: 0] = times[key & ~_RowBlock.present, default: 0].saturatingAdding(count)
                }
                id = _RowBlock.next(block)
            }
            // The recent row's count is its word plus the delta in `state` (see _RecentRow).
            // The count is read first, acquiring: a spill that moved the delta into it is
            // then seen in `state` too, so no action is counted twice. A spill still in
            // flight (delta emptied, count not yet added) hides up to 255 actions until it
            // lands: I3 is exact when no debit is in flight.
            let recent = bucket.pointee.recentKey.load(ordering: .acquiring)
            let count = bucket.pointee.recentTimes.load(ordering: .acquiring)
            let delta = _Word.delta(bucket.pointee.state.load(ordering: .relaxed))
            if _RecentRow.generation(recent) != 0, _RecentRow.generation(count) == _RecentRow.generation(recent) {
                times[_RecentRow.payload(recent), default: 0] = times[_RecentRow.payload(recent), default: 0]
                    .saturatingAdding(_RecentRow.payload(count) + delta)
            }
        }
        // A row with no actions was set up for a debit that was then refused (see
        // `usageRowBlocks`): it is not usage.
        return times.filter { $0.value > 0 }.map { key, times in
            (FeatureIndex(rawValue: _RowBlock.feature(key)), _RowBlock.day(key), _RowBlock.rate(key), times)
        }
    }
}
