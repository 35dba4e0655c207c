import CPrefetch

extension Ledger {
    /// Debits a batch by account id, appending one decision per debit, in order.
    ///
    /// Each debit is decided on its own, in order, exactly as by
    /// ``debit(account:feature:quantity:seat:)``: it linearizes at its own CAS on its
    /// account's `state`, and a batch may be partly accepted. The batch runs in groups of
    /// 32 whose lookups overlap (see the README's architecture section). The decisions pass
    /// through a small stack buffer: no heap allocation beyond `decisions`' own growth.
    /// - Parameters:
    ///   - batch: the debits.
    ///   - decisions: receives the decisions (appended, in batch order).
    /// - Complexity: O(batch count).
    @inlinable
    public func debit(batch: some Collection<Debit>, into decisions: inout [DebitDecision]) {
        if batch.withContiguousStorageIfAvailable({ _append(decisionsFor: $0, to: &decisions) }) == nil {
            Array(batch).withUnsafeBufferPointer { _append(decisionsFor: $0, to: &decisions) }
        }
    }

    /// Debits a batch by account id and returns the decisions, in order, as
    /// ``debit(batch:into:)-(some Collection<Debit>,_)`` does.
    /// - Parameter batch: the debits.
    /// - Returns: one decision per debit, written straight into the new array.
    /// - Complexity: O(batch count).
    public func decisions(for batch: [Debit]) -> [DebitDecision] {
        batch.withUnsafeBufferPointer { debits in
            _collectDecisions(count: debits.count) { _debitByID(debits, $0, into: $1) }
        }
    }

    /// Debits a batch through handles, appending one decision per debit, in order.
    ///
    /// Each debit is decided on its own, in order, exactly as by
    /// ``debit(_:feature:quantity:seat:)``: no registry lookup, one CAS per debit. Another
    /// ledger's handle is refused as ``Refusal/unknownAccount``; a closed account's handle is
    /// refused as a single debit would refuse it.
    /// - Parameters:
    ///   - batch: the debits.
    ///   - decisions: receives the decisions (appended, in batch order).
    /// - Complexity: O(batch count).
    @inlinable
    public func debit(batch: some Collection<HandleDebit>, into decisions: inout [DebitDecision]) {
        if batch.withContiguousStorageIfAvailable({ _append(decisionsFor: $0, to: &decisions) }) == nil {
            Array(batch).withUnsafeBufferPointer { _append(decisionsFor: $0, to: &decisions) }
        }
    }

    /// Debits a batch through handles and returns the decisions, in order, as
    /// ``debit(batch:into:)-(some Collection<HandleDebit>,_)`` does.
    /// - Parameter batch: the debits.
    /// - Returns: one decision per debit, written straight into the new array.
    /// - Complexity: O(batch count).
    public func decisions(for batch: [HandleDebit]) -> [DebitDecision] {
        batch.withUnsafeBufferPointer { debits in
            _collectDecisions(count: debits.count) { _debitThroughHandles(debits, $0, into: $1) }
        }
    }

    /// Debits in a group whose lookups run before its debits.
    static var batchGroup: Int { 32 }

    /// How far ahead a batch through handles prefetches.
    static var batchLookahead: Int { 16 }

    /// Appends the decisions for a batch by id.
    @usableFromInline
    func _append(decisionsFor debits: UnsafeBufferPointer<Debit>, to decisions: inout [DebitDecision]) {
        _appendDecisions(count: debits.count, to: &decisions) { _debitByID(debits, $0, into: $1) }
    }

    /// Appends the decisions for a batch through handles.
    @usableFromInline
    func _append(decisionsFor debits: UnsafeBufferPointer<HandleDebit>, to decisions: inout [DebitDecision]) {
        _appendDecisions(count: debits.count, to: &decisions) { _debitThroughHandles(debits, $0, into: $1) }
    }

    /// A new array of `count` decisions, which `fill(0..<count, start)` initializes in place.
    @inline(__always)
    func _collectDecisions(count: Int, _ fill: (Range<Int>, UnsafeMutablePointer<DebitDecision>) -> Void) -> [DebitDecision] {
        Array(unsafeUninitializedCapacity: count) { decisions, initialized in
            if let start = decisions.baseAddress { fill(0..<count, start) }
            initialized = count
        }
    }

    /// Appends `count` decisions a group at a time: `fill(range, buffer)` initializes the
    /// decisions of the debits in `range` in a stack buffer, which is then appended.
    @inline(__always)
    func _appendDecisions(count: Int, to decisions: inout [DebitDecision],
                          _ fill: (Range<Int>, UnsafeMutablePointer<DebitDecision>) -> Void) {
        decisions.reserveCapacity(decisions.count + count)
        withUnsafeTemporaryAllocation(of: DebitDecision.self, capacity: Self.batchGroup) { group in
            var start = 0
            while start < count {
                let end = min(start + Self.batchGroup, count)
                fill(start..<end, group.baseAddress!)
                // DebitDecision is trivial: appending copies the values, nothing to deinitialize.
                decisions.append(contentsOf: UnsafeBufferPointer(rebasing: group[0..<(end - start)]))
                start = end
            }
        }
    }

    /// Decides `debits[range]` by id, initializing `decisions[i - range.lowerBound]` with
    /// the decision of `debits[i]`, a group of ``batchGroup`` at a time.
    @inline(__always)
    func _debitByID(_ debits: UnsafeBufferPointer<Debit>, _ range: Range<Int>, into decisions: UnsafeMutablePointer<DebitDecision>) {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + Self.batchGroup, range.upperBound)
            _debitGroup(UnsafeBufferPointer(rebasing: debits[start..<end]), into: decisions + (start - range.lowerBound))
            start = end
        }
    }

    /// Decides `debits[range]` through their handles, initializing
    /// `decisions[i - range.lowerBound]` with the decision of `debits[i]`. Each debit first
    /// prefetches the bucket of the debit ``batchLookahead`` places ahead in the whole
    /// batch, so those misses overlap the debits at hand.
    @inline(__always)
    func _debitThroughHandles(_ debits: UnsafeBufferPointer<HandleDebit>, _ range: Range<Int>,
                              into decisions: UnsafeMutablePointer<DebitDecision>) {
        let ahead = Self.batchLookahead
        if range.lowerBound == 0 {
            for request in debits.prefix(ahead) { creditmeter_prefetch_for_write(request.handle.bucket) }
        }
        let requests = UnsafeBufferPointer(rebasing: debits[range])
        let later = UnsafeBufferPointer(rebasing: debits[min(range.lowerBound + ahead, debits.count)...])
        for (offset, request) in requests.enumerated() {
            if offset < later.count { creditmeter_prefetch_for_write(later[offset].handle.bucket) }
            (decisions + offset).initialize(to: _debit(
                request.handle.bucket, slot: request.handle.slot, token: request.handle.ledgerToken,
                account: request.handle.id, feature: request.feature, quantity: request.quantity,
                seat: request.seat, idempotencyKey: request.idempotencyKey))
        }
    }

    /// Decides up to ``batchGroup`` debits by id, initializing `decisions[i]` with the
    /// decision of `debits[i]`.
    ///
    /// Three passes, each a short loop so that many of its misses are in flight at once:
    /// hash every id and load its first registry entry; resolve each candidate slot and
    /// prefetch its bucket for writing (no wait); then confirm each id on its bucket (a
    /// miss, a fingerprint collision or a table that grew meanwhile takes the full lookup)
    /// and run the debit's fast path on a line that is by then in cache, owned.
    func _debitGroup(_ debits: UnsafeBufferPointer<Debit>, into decisions: UnsafeMutablePointer<DebitDecision>) {
        let group = Self.batchGroup
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: group) { hashes in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: group) { slots in
                withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<_Bucket>?.self, capacity: group) { candidates in
                    for index in debits.indices {
                        let hash = _AccountRegistry.hash(debits[index].account.rawValue)
                        hashes[index] = hash
                        slots[index] = registry.firstEntry(hash: hash)
                    }
                    for index in debits.indices {
                        let slot = registry.candidate(hash: hashes[index], firstEntry: slots[index])
                        let bucket = slot == .max ? nil : buckets.pointer(at: slot)
                        slots[index] = slot
                        candidates[index] = bucket
                        if let bucket { creditmeter_prefetch_for_write(bucket) }
                    }
                    for index in debits.indices {
                        let account = debits[index].account
                        var bucket = candidates[index], slot = slots[index]
                        if bucket?.pointee.accountID != account.rawValue {
                            slot = registry.slot(of: account.rawValue) ?? .max
                            bucket = slot == .max ? nil : buckets.pointer(at: slot)
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
}
