public import Synchronization
// Public because the inlinable lookup prefetches the candidate bucket.
public import CreditMeterPrefetch

/// Account id → bucket slot, read without a lock.
///
/// 64 shards, each an open-addressing table with linear probing; the shard is picked by the
/// top bits of a multiplicative hash. An entry is 4 bytes: `(slot + 1) << 6 | fingerprint`,
/// where the fingerprint is 6 more bits of the hash, and 0 marks an empty entry. The id
/// itself lives in the bucket (`_Bucket.accountID`): a lookup whose fingerprint matches
/// confirms the id on the bucket's line, which the debit is about to touch anyway. Keeping
/// the ids out of the table makes it a quarter of the size, so it stays in cache far longer
/// (a by-id debit then misses once, on the bucket, rather than twice).
///
/// Writers take the shard's lock (each shard's lock and table pointer sit on their own
/// 64-byte line). A writer initializes the bucket (with its id) before it stores the entry
/// with a release store, so a reader that sees the entry sees the id. A full table is
/// copied into one twice as large and published; old tables are kept until the registry is
/// freed, so a reader still probing one is safe (it sees the state from before the growth,
/// a linearizable answer).
@usableFromInline
final class _AccountRegistry: @unchecked Sendable {
    @usableFromInline static var shardCount: Int { 64 }
    @usableFromInline static var shardStride: Int { 64 }

    @usableFromInline let shards: UnsafeMutableRawPointer
    @usableFromInline let buckets: _ChunkedArena<_Bucket>

    init(buckets: _ChunkedArena<_Bucket>) {
        self.buckets = buckets
        precondition(MemoryLayout<_RegistryShard>.size <= Self.shardStride)
        shards = .allocate(byteCount: Self.shardCount * Self.shardStride, alignment: 64)
        for index in 0..<Self.shardCount {
            (shards + index * Self.shardStride).bindMemory(to: _RegistryShard.self, capacity: 1)
                .initialize(to: _RegistryShard(table: _RegistryTable.make(capacity: 16)))
        }
    }

    deinit {
        for index in 0..<Self.shardCount {
            let shard = (shards + index * Self.shardStride).assumingMemoryBound(to: _RegistryShard.self)
            shard.pointee.tables.withLock { state in
                for table in state.retired { _RegistryTable.free(table) }
            }
            _RegistryTable.free(shard.pointee.table.load(ordering: .relaxed))
            shard.deinitialize(count: 1)
        }
        shards.deallocate()
    }

    /// A multiplicative hash of `id`, with the product's high half folded into its low
    /// half. The top bits pick the shard (6 bits) and the fingerprint (6 more); the low bits
    /// pick where the probe starts. A product's low bits depend only on the id's low bits,
    /// so without the fold, ids that share them (multiples of a power of two, or
    /// `sequence << 12 | node` schemes) would all start at one position of their shard and
    /// probe one long cluster. The fold leaves the top 32 bits as they were.
    @inlinable
    static func hash(_ id: UInt64) -> UInt64 {
        let product = (id ^ (id >> 31)) &* 0x9E37_79B9_7F4A_7C15
        return product ^ (product >> 32)
    }

    @inlinable
    static func fingerprint(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 52) & 63 }

    @inlinable
    func shard(for hash: UInt64) -> UnsafeMutablePointer<_RegistryShard> {
        (shards + Int(hash >> 58) * Self.shardStride).assumingMemoryBound(to: _RegistryShard.self)
    }

    /// The slot of `id`, if registered.
    ///
    /// **Linearization point**: the acquire load of the entry that answers. An id whose
    /// registration was published before that load is found; one registered after it may be
    /// missed, as if the lookup came first. The id is then confirmed on the bucket, whose
    /// account never changes.
    /// - Parameter id: the account id's raw value.
    /// - Returns: the slot of the id's latest opening (closed or not: the caller checks),
    ///   or `nil` for an id never opened.
    /// - Complexity: expected O(1): one pointer load and a short probe, no lock; the id is
    ///   confirmed on its bucket's line, which is first prefetched for writing (the debit
    ///   that follows CASes it).
    @inlinable
    func slot(of id: UInt64) -> UInt32? {
        let h = Self.hash(id)
        let table = shard(for: h).pointee.table.load(ordering: .acquiring)
        let mask = UInt64(table.pointee.load(ordering: .relaxed))
        let fingerprint = Self.fingerprint(h)
        var index = h & mask
        while true {
            let entry = (table + 1 + Int(index)).pointee.load(ordering: .acquiring)
            if entry == 0 { return nil }
            if entry & 63 == fingerprint {
                let slot = (entry >> 6) &- 1
                // Asked for owned, the line the debit then CASes comes once, not twice.
                let bucket = buckets.pointer(at: slot)
                creditmeter_prefetch_for_write(bucket)
                if bucket.pointee.accountID == id { return slot }
            }
            index = (index &+ 1) & mask
        }
    }

    /// How many entries a lookup of `id` reads before it meets the id's own entry or an
    /// empty one: the probe length the hash's spread gives (tests check it).
    /// - Parameter id: an account id.
    /// - Returns: the entries read, at least 1.
    func probeLength(of id: UInt64) -> Int {
        let h = Self.hash(id)
        let table = table(for: h)
        let mask = UInt64(table.pointee.load(ordering: .relaxed))
        var index = h & mask, read = 1
        while true {
            let entry = (table + 1 + Int(index)).pointee.load(ordering: .acquiring)
            if entry == 0 { return read }
            if entry & 63 == Self.fingerprint(h), buckets.pointer(at: (entry >> 6) &- 1).pointee.accountID == id { return read }
            index = (index &+ 1) & mask
            read += 1
        }
    }

    /// The current table of the shard of `hash`: the first of a batch's lookup steps. A
    /// table stays readable after the shard grows (retired tables live as long as the
    /// registry), and then answers as of before the growth.
    /// - Parameter hash: ``hash(_:)`` of the id.
    /// - Returns: the table.
    /// - Complexity: O(1): one acquire load.
    @inlinable @inline(__always)
    func table(for hash: UInt64) -> UnsafeMutablePointer<Atomic<UInt32>> {
        shard(for: hash).pointee.table.load(ordering: .acquiring)
    }

    /// The first probe position of `hash` in `table`, which a batch prefetches a few debits
    /// before it probes.
    /// - Parameters:
    ///   - hash: ``hash(_:)`` of the id.
    ///   - table: a table from ``table(for:)``.
    /// - Returns: the entry to probe first.
    /// - Complexity: O(1): one load of the table's mask.
    @inlinable @inline(__always)
    static func firstPosition(hash: UInt64, in table: UnsafeMutablePointer<Atomic<UInt32>>) -> UnsafeMutablePointer<Atomic<UInt32>> {
        table + 1 + Int(hash & UInt64(table.pointee.load(ordering: .relaxed)))
    }

    /// The slot of the first entry of `table` whose fingerprint matches the id's, without
    /// confirming the id. A batch reads the candidate bucket's id next; on a miss or a
    /// mismatch it calls ``slot(of:)``. An id opened since `table` was read is a miss here.
    /// An id closed and reopened meanwhile may still yield its closed bucket (which holds
    /// the same id); the batch then looks the id up again with ``slot(of:)`` at the debit's
    /// turn, so it debits the account the id names then (see `Ledger.debit(batch:into:)`).
    /// - Parameters:
    ///   - hash: ``hash(_:)`` of the id.
    ///   - table: a table from ``table(for:)``.
    /// - Returns: the candidate slot, or `UInt32.max` when no entry matches.
    /// - Complexity: expected O(1).
    @inlinable @inline(__always)
    static func candidate(hash: UInt64, in table: UnsafeMutablePointer<Atomic<UInt32>>) -> UInt32 {
        let mask = UInt64(table.pointee.load(ordering: .relaxed))
        let fingerprint = fingerprint(hash)
        var index = hash & mask
        while true {
            let entry = (table + 1 + Int(index)).pointee.load(ordering: .acquiring)
            if entry == 0 { return .max }
            if entry & 63 == fingerprint { return (entry >> 6) &- 1 }
            index = (index &+ 1) & mask
        }
    }

    /// Maps `id` to `slot`, replacing an older mapping (a reopened account). The bucket at
    /// `slot` must already hold `id`.
    /// - Parameters:
    ///   - id: a nonzero account id.
    ///   - slot: its bucket slot, below 2^26.
    func set(_ id: UInt64, slot: UInt32) {
        let h = Self.hash(id)
        let shard = shard(for: h)
        shard.pointee.tables.withLock { state in
            var table = shard.pointee.table.load(ordering: .relaxed)
            let capacity = Int(table.pointee.load(ordering: .relaxed)) + 1
            if state.used * 4 >= capacity * 3 {
                let grown = _RegistryTable.make(capacity: capacity * 2)
                for index in 1...capacity {
                    let entry = (table + index).pointee.load(ordering: .relaxed)
                    if entry != 0 { insert(entry, hash: Self.hash(buckets.pointer(at: (entry >> 6) - 1).pointee.accountID), into: grown, replacing: nil) }
                }
                shard.pointee.table.store(grown, ordering: .releasing)
                state.retired.append(table)
                table = grown
            }
            if insert((slot + 1) << 6 | Self.fingerprint(h), hash: h, into: table, replacing: id) { state.used += 1 }
        }
    }

    /// Stores `entry` at its probe position, or over the entry of `replacing` if present.
    /// - Returns: `true` when it took an empty position.
    @discardableResult
    private func insert(_ entry: UInt32, hash: UInt64, into table: UnsafeMutablePointer<Atomic<UInt32>>, replacing id: UInt64?) -> Bool {
        let mask = UInt64(table.pointee.load(ordering: .relaxed))
        var index = hash & mask
        while true {
            let position = table + 1 + Int(index)
            let existing = position.pointee.load(ordering: .relaxed)
            if existing == 0 {
                position.pointee.store(entry, ordering: .releasing)
                return true
            }
            if let id, existing & 63 == entry & 63, buckets.pointer(at: (existing >> 6) - 1).pointee.accountID == id {
                position.pointee.store(entry, ordering: .releasing)
                return false
            }
            index = (index &+ 1) & mask
        }
    }
}

/// One shard: its writer lock (with the entry count and the tables it retired) and its
/// current table.
@usableFromInline
struct _RegistryShard: ~Copyable {
    @usableFromInline let table: Atomic<UnsafeMutablePointer<Atomic<UInt32>>>
    let tables: Mutex<_ShardTables>

    init(table: UnsafeMutablePointer<Atomic<UInt32>>) {
        self.table = Atomic(table)
        tables = Mutex(_ShardTables())
    }
}

/// A shard's writer state: entries used, and tables replaced by a larger one (freed with
/// the registry, because readers may still probe them).
struct _ShardTables: @unchecked Sendable {
    var used = 0
    var retired: [UnsafeMutablePointer<Atomic<UInt32>>] = []
}

/// A table: word 0 holds the mask (capacity − 1), then `capacity` entries.
enum _RegistryTable {
    static func make(capacity: Int) -> UnsafeMutablePointer<Atomic<UInt32>> {
        let bytes = MemoryLayout<Atomic<UInt32>>.stride * (capacity + 1)
        let table = _LargeAllocation.allocate(bytes: bytes, alignment: 64).bindMemory(to: Atomic<UInt32>.self, capacity: capacity + 1)
        table.initialize(to: Atomic(UInt32(capacity - 1)))
        for index in 1...capacity { (table + index).initialize(to: Atomic(0)) }
        return table
    }

    static func free(_ table: UnsafeMutablePointer<Atomic<UInt32>>) {
        let count = Int(table.pointee.load(ordering: .relaxed)) + 2
        table.deinitialize(count: count)
        _LargeAllocation.deallocate(UnsafeMutableRawPointer(table), bytes: MemoryLayout<Atomic<UInt32>>.stride * count)
    }
}
