import CPrefetch

extension Ledger {
    /// Debits a batch, appending one decision per debit, in order.
    ///
    /// Each debit is decided on its own, in order, exactly as by
    /// ``debit(account:feature:quantity:seat:)``: it linearizes at its own CAS on its
    /// account's `state`. The batch runs in groups of ``batchGroup`` (see
    /// ``_debitGroup(_:into:)``), so the cache misses of a group's lookups overlap.
    /// - Parameters:
    ///   - batch: the debits.
    ///   - decisions: receives the decisions (appended, in batch order).
    /// - Complexity: O(batch count).
    @inlinable
    public func debit(batch: some Collection<Debit>, into decisions: inout [DebitDecision]) {
        let fresh = batch.withContiguousStorageIfAvailable { _decisions(for: $0) }
            ?? Array(batch).withUnsafeBufferPointer { _decisions(for: $0) }
        decisions.append(contentsOf: fresh)
    }

    /// Debits a batch and returns the decisions, in order, as ``debit(batch:into:)`` does.
    /// - Parameter batch: the debits.
    /// - Returns: one decision per debit.
    /// - Complexity: O(batch count).
    public func decisions(for batch: [Debit]) -> [DebitDecision] {
        batch.withUnsafeBufferPointer { _decisions(for: $0) }
    }

    /// Debits a batch through handles, appending one decision per debit, in order.
    ///
    /// Each debit is decided on its own, in order, exactly as by
    /// ``debit(_:feature:quantity:seat:)``: no registry lookup, one CAS per debit.
    /// - Parameters:
    ///   - batch: the debits.
    ///   - decisions: receives the decisions (appended, in batch order).
    /// - Complexity: O(batch count).
    @inlinable
    public func debit(batch: some Collection<HandleDebit>, into decisions: inout [DebitDecision]) {
        let fresh = batch.withContiguousStorageIfAvailable { _decisions(for: $0) }
            ?? Array(batch).withUnsafeBufferPointer { _decisions(for: $0) }
        decisions.append(contentsOf: fresh)
    }

    /// Debits a batch through handles and returns the decisions, in order, as
    /// ``debit(batch:into:)-(some Collection<HandleDebit>,_)`` does.
    /// - Parameter batch: the debits.
    /// - Returns: one decision per debit.
    /// - Complexity: O(batch count).
    public func decisions(for batch: [HandleDebit]) -> [DebitDecision] {
        batch.withUnsafeBufferPointer { _decisions(for: $0) }
    }

    /// Debits in a group whose lookups run before its debits.
    @usableFromInline static var batchGroup: Int { 32 }

    /// The decisions for `debits`, in order, written straight into the new array.
    @usableFromInline
    func _decisions(for debits: UnsafeBufferPointer<Debit>) -> [DebitDecision] {
        _collectDecisions(count: debits.count) { decisions in
            var start = 0
            while start < debits.count {
                let end = min(start + Self.batchGroup, debits.count)
                _debitGroup(UnsafeBufferPointer(rebasing: debits[start..<end]), into: decisions + start)
                start = end
            }
        }
    }

    /// The decisions for `debits`, in order, written straight into the new array. Each
    /// debit first asks for the bucket of the debit ``batchLookahead`` places ahead, so
    /// those misses overlap the debits at hand.
    @usableFromInline
    func _decisions(for debits: UnsafeBufferPointer<HandleDebit>) -> [DebitDecision] {
        _collectDecisions(count: debits.count) { decisions in
            let ahead = Self.batchLookahead
            for request in debits.prefix(ahead) { creditmeter_prefetch_for_write(request.handle.bucket) }
            for (index, request) in debits.enumerated() {
                if index &+ ahead < debits.count { creditmeter_prefetch_for_write(debits[index &+ ahead].handle.bucket) }
                (decisions + index).initialize(to: _debit(
                    request.handle.bucket, slot: request.handle.slot, token: request.handle.ledgerToken,
                    account: request.handle.id, feature: request.feature, quantity: request.quantity,
                    seat: request.seat, idempotencyKey: request.idempotencyKey))
            }
        }
    }

    /// How far ahead a batch through handles prefetches.
    @usableFromInline static var batchLookahead: Int { 16 }

    /// A new array of `count` decisions that `fill` initializes in place.
    func _collectDecisions(count: Int, _ fill: (UnsafeMutablePointer<DebitDecision>) -> Void) -> [DebitDecision] {
        Array(unsafeUninitializedCapacity: count) { decisions, initialized in
            if let start = decisions.baseAddress { fill(start) }
            initialized = count
        }
    }

    /// Decides up to ``batchGroup`` debits, initializing `decisions[i]` with the decision
    /// of `debits[i]`.
    ///
    /// Three passes, each a short loop so that many of its misses are in flight at once:
    /// hash every id and load its first registry entry; resolve each candidate slot and
    /// prefetch its bucket for writing (no wait); then confirm each id on its bucket (a rare
    /// fingerprint collision, or a table that grew meanwhile, takes the full lookup) and run
    /// the debit's fast path on a line that is by then in cache, owned.
    func _debitGroup(_ debits: UnsafeBufferPointer<Debit>, into decisions: UnsafeMutablePointer<DebitDecision>) {
        let group = Self.batchGroup
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * group) { words in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: group) { slotWords in
                let hashes = words.baseAddress!, slots = slotWords.baseAddress!
                let buckets = UnsafeMutableRawPointer(hashes + group).assumingMemoryBound(to: UnsafeMutablePointer<_Bucket>?.self)
                for index in debits.indices {
                    let hash = _AccountRegistry.hash(debits[index].account.rawValue)
                    hashes[index] = hash
                    slots[index] = registry.firstEntry(hash: hash)
                }
                for index in debits.indices {
                    let slot = registry.candidate(hash: hashes[index], firstEntry: slots[index])
                    let bucket = slot == .max ? nil : self.buckets.pointer(at: slot)
                    slots[index] = slot
                    buckets[index] = bucket
                    if let bucket { creditmeter_prefetch_for_write(bucket) }
                }
                for index in debits.indices {
                    let account = debits[index].account
                    var bucket = buckets[index], slot = slots[index]
                    if bucket?.pointee.accountID != account.rawValue {
                        slot = registry.slot(of: account.rawValue) ?? .max
                        bucket = slot == .max ? nil : self.buckets.pointer(at: slot)
                    }
                    guard let bucket else {
                        (decisions + index).initialize(to: .refused(.unknownAccount))
                        continue
                    }
                    (decisions + index).initialize(to: _debit(
                        bucket, slot: slot, token: token, account: account, feature: debits[index].feature,
                        quantity: debits[index].quantity, seat: debits[index].seat,
                        idempotencyKey: debits[index].idempotencyKey))
                }
            }
        }
    }
}
