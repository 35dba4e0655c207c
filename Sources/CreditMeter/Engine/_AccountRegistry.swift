public import Synchronization

/// Account id → bucket slot, read without a lock.
///
/// 64 shards, each an open-addressing table with linear probing; the shard is picked by the
/// top bits of a multiplicative hash. Writers take the shard's lock (each shard's lock and
/// table pointer sit on their own 64-byte line). Readers load the shard's table pointer
/// (acquire) and probe: a writer stores the slot, then the key with a release store, so a
/// reader that sees the key sees the slot. A full table is copied into one twice as large
/// and published; old tables are kept until the registry is freed, so a reader still
/// probing one is safe (it sees the state from before the growth, a linearizable answer).
@usableFromInline
final class _AccountRegistry: @unchecked Sendable {
    @usableFromInline static var shardCount: Int { 64 }
    @usableFromInline static var shardStride: Int { 64 }

    @usableFromInline let shards: UnsafeMutableRawPointer

    init() {
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
            shard.pointee.tables.withLock { retired in
                for table in retired.tables { _RegistryTable.free(table) }
            }
            _RegistryTable.free(shard.pointee.table.load(ordering: .relaxed))
            shard.deinitialize(count: 1)
        }
        shards.deallocate()
    }

    @inlinable
    static func hash(_ id: UInt64) -> UInt64 { (id ^ (id >> 31)) &* 0x9E37_79B9_7F4A_7C15 }

    @inlinable
    func shard(for hash: UInt64) -> UnsafeMutablePointer<_RegistryShard> {
        (shards + Int(hash >> 58) * Self.shardStride).assumingMemoryBound(to: _RegistryShard.self)
    }

    /// The slot of `id`, if registered.
    /// - Complexity: expected O(1): one pointer load and a short probe, no lock.
    @inlinable
    func slot(of id: UInt64) -> UInt32? {
        let h = Self.hash(id)
        let table = shard(for: h).pointee.table.load(ordering: .acquiring)
        let mask = table.pointee.mask
        var index = h & mask
        while true {
            let entry = table + 1 + Int(index)
            let key = entry.pointee.key.load(ordering: .acquiring)
            if key == id { return UInt32(truncatingIfNeeded: entry.pointee.value.load(ordering: .relaxed)) }
            if key == 0 { return nil }
            index = (index &+ 1) & mask
        }
    }

    /// Maps `id` to `slot`, replacing an older mapping (a reopened account).
    /// - Parameters:
    ///   - id: a nonzero account id.
    ///   - slot: its bucket slot.
    func set(_ id: UInt64, slot: UInt32) {
        let h = Self.hash(id)
        let shard = shard(for: h)
        shard.pointee.tables.withLock { retired in
            var table = shard.pointee.table.load(ordering: .relaxed)
            if table.pointee.used * 4 >= Int(table.pointee.mask + 1) * 3 {
                let grown = _RegistryTable.make(capacity: Int(table.pointee.mask + 1) * 2)
                _RegistryTable.forEachEntry(of: table) { key, value in
                    _RegistryTable.insert(into: grown, key: key, value: value, hash: Self.hash(key))
                }
                shard.pointee.table.store(grown, ordering: .releasing)
                retired.tables.append(table)
                table = grown
            }
            _RegistryTable.insert(into: table, key: id, value: UInt64(slot), hash: h)
        }
    }
}

/// One shard: its writer lock (holding the tables it retired) and its current table.
@usableFromInline
struct _RegistryShard: ~Copyable {
    @usableFromInline let table: Atomic<UnsafeMutablePointer<_RegistryTable>>
    let tables: Mutex<_RetiredTables>

    init(table: UnsafeMutablePointer<_RegistryTable>) {
        self.table = Atomic(table)
        tables = Mutex(_RetiredTables())
    }
}

/// Tables replaced by a larger one, freed with the registry (readers may still probe them).
struct _RetiredTables: @unchecked Sendable {
    var tables: [UnsafeMutablePointer<_RegistryTable>] = []
}

/// A table header followed in memory by `mask + 1` entries. Key 0 marks an empty entry.
@usableFromInline
struct _RegistryTable: ~Copyable {
    @usableFromInline let key: Atomic<UInt64>
    @usableFromInline let value: Atomic<UInt64>

    /// The header reuses the entry layout: `key` holds the mask, `value` the used count.
    @usableFromInline var mask: UInt64 { key.load(ordering: .relaxed) }
    var used: Int { Int(value.load(ordering: .relaxed)) }

    static func make(capacity: Int) -> UnsafeMutablePointer<_RegistryTable> {
        let bytes = MemoryLayout<_RegistryTable>.stride * (capacity + 1)
        let table = _LargeAllocation.allocate(bytes: bytes, alignment: 64).bindMemory(to: _RegistryTable.self, capacity: capacity + 1)
        table.initialize(to: _RegistryTable(key: Atomic(UInt64(capacity - 1)), value: Atomic(0)))
        for index in 1...capacity { (table + index).initialize(to: _RegistryTable(key: Atomic(0), value: Atomic(0))) }
        return table
    }

    private init(key: consuming Atomic<UInt64>, value: consuming Atomic<UInt64>) {
        self.key = key
        self.value = value
    }

    /// Inserts or replaces; the caller holds the shard lock and has made room.
    static func insert(into table: UnsafeMutablePointer<_RegistryTable>, key id: UInt64, value slot: UInt64, hash: UInt64) {
        let mask = table.pointee.mask
        var index = hash & mask
        while true {
            let entry = table + 1 + Int(index)
            let key = entry.pointee.key.load(ordering: .relaxed)
            if key == id {
                entry.pointee.value.store(slot, ordering: .releasing)
                return
            }
            if key == 0 {
                entry.pointee.value.store(slot, ordering: .relaxed)
                entry.pointee.key.store(id, ordering: .releasing)
                table.pointee.value.add(1, ordering: .relaxed)
                return
            }
            index = (index &+ 1) & mask
        }
    }

    static func forEachEntry(of table: UnsafeMutablePointer<_RegistryTable>, _ body: (UInt64, UInt64) -> Void) {
        for index in 0...Int(table.pointee.mask) {
            let entry = table + 1 + index
            let key = entry.pointee.key.load(ordering: .relaxed)
            if key != 0 { body(key, entry.pointee.value.load(ordering: .relaxed)) }
        }
    }

    static func free(_ table: UnsafeMutablePointer<_RegistryTable>) {
        let count = Int(table.pointee.mask) + 2
        table.deinitialize(count: count)
        _LargeAllocation.deallocate(UnsafeMutableRawPointer(table), bytes: MemoryLayout<_RegistryTable>.stride * count)
    }
}
