import CreditMeterPrefetch
import Synchronization

extension Ledger {
    /// Debits a batch by account id, appending one decision per debit, in order.
    ///
    /// **Linearization point**: none for the batch as a whole. Each debit is decided on its
    /// own, in order, and linearizes exactly as by ``debit(account:feature:quantity:seat:)``
    /// (an acceptance at its own CAS on its account's `state`); a batch may be partly
    /// accepted.
    ///
    /// The lookups of the debits ahead overlap the debits at hand (see the README's
    /// architecture section). The decisions pass through a stack buffer of ``appendChunk``:
    /// for a batch with contiguous storage (an `Array`, `ArraySlice` or `ContiguousArray`),
    /// no heap allocation beyond `decisions`' own growth; any other collection is first
    /// copied into an array. A lookup starts up to
    /// ``entryLookahead`` debits before its debit; a debit refused as an unknown account is
    /// looked up again at its turn, so an id reopened meanwhile debits the account it names
    /// then.
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
    ///
    /// **Linearization point**: per debit, not per batch: each debit is decided on its own,
    /// in order, and linearizes exactly as by ``debit(account:feature:quantity:seat:)`` (an
    /// acceptance at its own CAS).
    /// - Parameter batch: the debits.
    /// - Returns: one decision per debit, written straight into the new array.
    /// - Complexity: O(batch count).
    public func decisions(for batch: [Debit]) -> [DebitDecision] {
        batch.withUnsafeBufferPointer { debits in
            _collectDecisions(count: debits.count) { _debitByID(debits, $0) }
        }
    }

    /// Debits a batch through handles, appending one decision per debit, in order.
    ///
    /// **Linearization point**: none for the batch as a whole. Each debit is decided on its
    /// own, in order, and linearizes exactly as by ``debit(_:feature:quantity:seat:)`` (an
    /// acceptance at its own CAS): no registry lookup, one CAS per debit. Another
    /// ledger's handle is refused as ``Refusal/unknownAccount``; a closed account's handle is
    /// refused as a single debit would refuse it. A batch with contiguous storage is read in
    /// place; any other collection is first copied into an array.
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
    ///
    /// **Linearization point**: per debit, not per batch: each debit is decided on its own,
    /// in order, and linearizes exactly as by ``debit(_:feature:quantity:seat:)`` (an
    /// acceptance at its own CAS).
    /// - Parameter batch: the debits.
    /// - Returns: one decision per debit, written straight into the new array.
    /// - Complexity: O(batch count).
    public func decisions(for batch: [HandleDebit]) -> [DebitDecision] {
        batch.withUnsafeBufferPointer { debits in
            _collectDecisions(count: debits.count) { _debitThroughHandles(debits, $0) }
        }
    }

    /// Decisions an appending batch call collects on the stack before it appends them:
    /// 32 × 32 bytes, the most `withUnsafeTemporaryAllocation` keeps on the stack.
    static var appendChunk: Int { 32 }

    /// How far ahead a batch through handles prefetches, and how far ahead a batch by id
    /// finds its candidate buckets and prefetches them.
    static var batchLookahead: Int { 16 }

    /// How far ahead a batch by id prefetches registry entries: twice ``batchLookahead``,
    /// so that an entry has arrived by the time its slot is resolved.
    static var entryLookahead: Int { 2 * batchLookahead }

    /// Length of a batch by id's pipeline rings: a power of two above ``entryLookahead``,
    /// so that no stage overwrites an entry before the next stage has read it.
    static var pipelineRing: Int { 64 }

    /// Appends the decisions for a batch by id.
    @usableFromInline
    func _append(decisionsFor debits: UnsafeBufferPointer<Debit>, to decisions: inout [DebitDecision]) {
        _appendDecisions(count: debits.count, to: &decisions) { _debitByID(debits, $0) }
    }

    /// Appends the decisions for a batch through handles.
    @usableFromInline
    func _append(decisionsFor debits: UnsafeBufferPointer<HandleDebit>, to decisions: inout [DebitDecision]) {
        _appendDecisions(count: debits.count, to: &decisions) { _debitThroughHandles(debits, $0) }
    }

    /// A new array of `count` decisions, initialized in place as `decide` emits them.
    /// - Parameters:
    ///   - count: the batch's length.
    ///   - decide: decides the batch, calling its argument once per debit with the debit's
    ///     index and decision, in order.
    @inline(__always)
    func _collectDecisions(count: Int, _ decide: ((Int, DebitDecision) -> Void) -> Void) -> [DebitDecision] {
        Array(unsafeUninitializedCapacity: count) { decisions, initialized in
            if let start = decisions.baseAddress { decide { index, decision in (start + index).initialize(to: decision) } }
            initialized = count
        }
    }

    /// Appends `count` decisions as `decide` emits them, through a stack buffer of
    /// ``appendChunk`` that is appended each time it fills up.
    /// - Parameters:
    ///   - count: the batch's length.
    ///   - decisions: the array appended to.
    ///   - decide: as for ``_collectDecisions(count:_:)``.
    @inline(__always)
    func _appendDecisions(count: Int, to decisions: inout [DebitDecision], _ decide: ((Int, DebitDecision) -> Void) -> Void) {
        // Grown geometrically: `reserveCapacity` gives exactly what it is asked for, so
        // asking for `count + count` on every call copied the whole array each time.
        let needed = decisions.count + count
        if decisions.capacity < needed { decisions.reserveCapacity(Swift.max(needed, 2 * decisions.capacity)) }
        let chunk = Self.appendChunk
        withUnsafeTemporaryAllocation(of: DebitDecision.self, capacity: chunk) { buffer in
            decide { index, decision in
                let position = index % chunk
                buffer.initializeElement(at: position, to: decision)
                if position == chunk - 1 || index == count - 1 {
                    // DebitDecision is trivial: appending copies the values, nothing to deinitialize.
                    decisions.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[...position]))
                }
            }
        }
    }

    /// Decides a batch by id, calling `emit` with each debit's index and decision, in order.
    ///
    /// A software pipeline in three stages, so that the misses of the debits ahead overlap
    /// the debits at hand: ``entryLookahead`` debits ahead, hash the id, read its shard's
    /// current registry table and prefetch the id's first entry there; ``batchLookahead``
    /// ahead, probe that table for the first entry with the id's fingerprint and prefetch
    /// its bucket for writing; then confirm the id on the bucket (a miss, a fingerprint
    /// collision, or an account opened or reopened since that table was read takes the full
    /// lookup) and run the debit's fast path on a line that is by then in cache, owned.
    /// - Complexity: O(batch count): per debit, a hash, a short probe and the fast path.
    @inline(__always)
    func _debitByID(_ debits: UnsafeBufferPointer<Debit>, _ emit: (Int, DebitDecision) -> Void) {
        let entryAhead = Self.entryLookahead, bucketAhead = Self.batchLookahead
        let ringMask = Self.pipelineRing - 1
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ringMask + 1) { hashes in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Atomic<UInt32>>.self, capacity: ringMask + 1) { tables in
                withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<_Bucket>?.self, capacity: ringMask + 1) { candidates in
                    /// Stage one for `debits[index]`.
                    func prefetchEntry(_ index: Int) {
                        let hash = _AccountRegistry.hash(debits[index].account.rawValue)
                        let table = registry.table(for: hash)
                        creditmeter_prefetch_for_read(_AccountRegistry.firstPosition(hash: hash, in: table))
                        hashes[index & ringMask] = hash
                        tables[index & ringMask] = table
                    }
                    /// Stage two for `debits[index]`. It keeps the candidate's bucket address,
                    /// not its slot: stage three then needs no second arena lookup.
                    func resolveCandidate(_ index: Int) {
                        let slot = _AccountRegistry.candidate(hash: hashes[index & ringMask], in: tables[index & ringMask])
                        let bucket = slot == .max ? nil : buckets.pointer(at: slot)
                        if let bucket { creditmeter_prefetch_for_write(bucket) }
                        candidates[index & ringMask] = bucket
                    }
                    let count = debits.count
                    for index in 0..<min(entryAhead, count) { prefetchEntry(index) }
                    for index in 0..<min(bucketAhead, count) { resolveCandidate(index) }
                    for index in 0..<count {
                        if index + entryAhead < count { prefetchEntry(index + entryAhead) }
                        if index + bucketAhead < count { resolveCandidate(index + bucketAhead) }
                        let request = debits.baseAddress.unsafelyUnwrapped + index
                        let account = request.pointee.account
                        var bucket = candidates[index & ringMask]
                        if bucket == nil || bucket.unsafelyUnwrapped.pointee.accountID != account.rawValue {
                            bucket = registry.slot(of: account.rawValue).map { buckets.pointer(at: $0) }
                        }
                        var decision = bucket == nil ? .refused(.unknownAccount) : _debit(
                            bucket.unsafelyUnwrapped, token: token, _DebitInBatch(request))
                        if case .refused(.unknownAccount) = decision, let found = bucket {
                            // The candidate was found up to `entryAhead` debits ago: if its
                            // account has since been closed and its id reopened, debit the
                            // account the id names now, so that every debit's lookup happens
                            // at its own turn in the batch.
                            decision = _debitReopened(request.pointee, closed: found) ?? decision
                        }
                        emit(index, decision)
                    }
                }
            }
        }
    }

    /// Debits `request` again if its id now names another bucket than `closed` (the id was
    /// reopened since a batch found its candidate).
    /// - Returns: the new decision, or `nil` when the id names the same bucket or none.
    @inline(never)
    func _debitReopened(_ request: Debit, closed: UnsafeMutablePointer<_Bucket>) -> DebitDecision? {
        guard let slot = registry.slot(of: request.account.rawValue) else { return nil }
        let bucket = buckets.pointer(at: slot)
        guard bucket != closed else { return nil }
        return _debit(bucket, token: token, request)
    }

    /// Decides a batch through handles, calling `emit` with each debit's index and decision,
    /// in order. Each debit first prefetches the bucket of the debit ``batchLookahead``
    /// places ahead, so those misses overlap the debits at hand.
    /// - Complexity: O(batch count): per debit, a prefetch and the fast path.
    @inline(__always)
    func _debitThroughHandles(_ debits: UnsafeBufferPointer<HandleDebit>, _ emit: (Int, DebitDecision) -> Void) {
        guard let base = debits.baseAddress else { return }
        let ahead = Self.batchLookahead
        for request in debits.prefix(ahead) { creditmeter_prefetch_for_write(request.handle.bucket) }
        for index in debits.indices {
            if index + ahead < debits.count { creditmeter_prefetch_for_write(debits[index + ahead].handle.bucket) }
            let request = base + index
            emit(index, _debit(request.pointee.handle.bucket, token: request.pointee.handle.ledgerToken, _DebitInBatch(request)))
        }
    }
}
