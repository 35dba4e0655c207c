import CPrefetch
import Synchronization

extension Ledger {
    /// Debits a batch by account id, appending one decision per debit, in order.
    ///
    /// Each debit is decided on its own, in order, exactly as by
    /// ``debit(account:feature:quantity:seat:)``: it linearizes at its own CAS on its
    /// account's `state`, and a batch may be partly accepted. The lookups of the debits
    /// ahead overlap the debits at hand (see the README's architecture section). The
    /// decisions pass through a stack buffer of ``appendChunk``: no heap allocation beyond
    /// `decisions`' own growth.
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

    /// Decisions an appending batch call collects on the stack before it appends them.
    static var appendChunk: Int { 256 }

    /// How far ahead a batch through handles prefetches, and how far ahead a batch by id
    /// resolves slots and prefetches their buckets.
    static var batchLookahead: Int { 16 }

    /// How far ahead a batch by id prefetches registry entries: twice ``batchLookahead``,
    /// so that an entry has arrived by the time its slot is resolved.
    static var entryLookahead: Int { 32 }

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

    /// Appends `count` decisions ``appendChunk`` at a time: `fill(range, buffer)`
    /// initializes the decisions of the debits in `range` in a stack buffer, which is then
    /// appended.
    @inline(__always)
    func _appendDecisions(count: Int, to decisions: inout [DebitDecision],
                          _ fill: (Range<Int>, UnsafeMutablePointer<DebitDecision>) -> Void) {
        decisions.reserveCapacity(decisions.count + count)
        withUnsafeTemporaryAllocation(of: DebitDecision.self, capacity: Self.appendChunk) { group in
            var start = 0
            while start < count {
                let end = min(start + Self.appendChunk, count)
                fill(start..<end, group.baseAddress!)
                // DebitDecision is trivial: appending copies the values, nothing to deinitialize.
                decisions.append(contentsOf: UnsafeBufferPointer(rebasing: group[0..<(end - start)]))
                start = end
            }
        }
    }

    /// Decides `debits[range]` by id, initializing `decisions[i - range.lowerBound]` with
    /// the decision of `debits[i]`.
    ///
    /// A software pipeline in three stages, so that the misses of the debits ahead overlap
    /// the debits at hand: ``entryLookahead`` debits ahead, hash the id and prefetch its
    /// first registry entry; ``batchLookahead`` ahead, load that entry, resolve the
    /// candidate slot and prefetch its bucket for writing; then confirm the id on the
    /// bucket (a miss, a fingerprint collision or a table that grew meanwhile takes the
    /// full lookup) and run the debit's fast path on a line that is by then in cache, owned.
    /// The stages look past `range` into the rest of the batch.
    @inline(__always)
    func _debitByID(_ debits: UnsafeBufferPointer<Debit>, _ range: Range<Int>, into decisions: UnsafeMutablePointer<DebitDecision>) {
        let entryAhead = Self.entryLookahead, bucketAhead = Self.batchLookahead
        // Rings indexed by debit index: a stage writes a debit's entry ahead of the stage
        // that reads it, by less than the ring's length.
        let ringMask = 2 * entryAhead - 1
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ringMask + 1) { hashes in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Atomic<UInt32>>.self, capacity: ringMask + 1) { positions in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: ringMask + 1) { slots in
                    /// Stage one for `debits[index]`.
                    func prefetchEntry(_ index: Int) {
                        let hash = _AccountRegistry.hash(debits[index].account.rawValue)
                        let position = registry.firstPosition(hash: hash)
                        creditmeter_prefetch_for_read(position)
                        hashes[index & ringMask] = hash
                        positions[index & ringMask] = position
                    }
                    /// Stage two for `debits[index]`.
                    func resolveSlot(_ index: Int) {
                        let hash = hashes[index & ringMask]
                        let slot = registry.candidate(hash: hash, firstEntry: registry.firstEntry(at: positions[index & ringMask]))
                        if slot != .max { creditmeter_prefetch_for_write(buckets.pointer(at: slot)) }
                        slots[index & ringMask] = slot
                    }
                    let count = debits.count
                    for index in range.lowerBound..<min(range.lowerBound + entryAhead, count) { prefetchEntry(index) }
                    for index in range.lowerBound..<min(range.lowerBound + bucketAhead, count) { resolveSlot(index) }
                    for index in range {
                        if index + entryAhead < count { prefetchEntry(index + entryAhead) }
                        if index + bucketAhead < count { resolveSlot(index + bucketAhead) }
                        let account = debits[index].account
                        var slot = slots[index & ringMask]
                        if slot == .max || buckets.pointer(at: slot).pointee.accountID != account.rawValue {
                            slot = registry.slot(of: account.rawValue) ?? .max
                        }
                        let decision: DebitDecision = if slot == .max {
                            .refused(.unknownAccount)
                        } else {
                            _debit(buckets.pointer(at: slot), slot: slot, token: token, account: account,
                                   feature: debits[index].feature, quantity: debits[index].quantity,
                                   seat: debits[index].seat, idempotencyKey: debits[index].idempotencyKey)
                        }
                        (decisions + (index - range.lowerBound)).initialize(to: decision)
                    }
                }
            }
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
}
