public import Synchronization

/// The synchronous engine: every account's buckets, the registry, the catalog in force,
/// and the hot path. Callable from any thread; nothing here awaits.
///
/// Debits (``debit(_:feature:quantity:seat:)`` and friends) are lock-free on their fast
/// path (a debit that adds a usage row, or finds its account busy, takes the account's
/// stripe lock). Everything that changes an account's configuration, and the rare debit that
/// crosses a threshold, upgrades or rolls a period, runs in an *exclusive section*: under
/// the account's stripe lock with the bucket's busy bit set (see ``_Bucket``). The
/// ``Meter`` actor fronts the control operations for async callers.
///
/// `@unchecked Sendable`: every shared field is an atomic, lock-guarded, or plain memory
/// that is immutable once published (catalog tables, rule sets, row keys).
public final class Ledger: @unchecked Sendable {
    /// This ledger's token, which its handles carry: 64 bits from a process-wide counter,
    /// so no two ledgers of a process share one, and a handle from another ledger (or from
    /// one already freed) is refused without its bucket being read.
    @usableFromInline let token: UInt64
    @usableFromInline let clock: MeterClock
    @usableFromInline let buckets: _ChunkedArena<_Bucket>
    /// Usage row blocks, 16 words each (see ``_RowBlock``); block 0 is reserved for "none".
    @usableFromInline let rows: _ChunkedArena<Atomic<UInt64>>
    /// The end, in words, of the row blocks a debit may set up before it decides
    /// (``usageRowBlocks`` blocks after block 0). Past it, rows are added only for debits
    /// already decided (see ``usageRowBlocks``).
    let rowWordLimit: Int
    @usableFromInline let rules: _ChunkedArena<_AccountRules>
    @usableFromInline let registry: _AccountRegistry
    /// The catalog in force, published as its fast words (``_HotCatalog/fast``): the fast
    /// path prices a debit with this pointer and one load; the checked and slow paths find
    /// the full table from the same pointer (``_HotCatalog/table(at:)``).
    @usableFromInline let hotFast: Atomic<UnsafeMutablePointer<UInt64>>
    /// Whether a sink is attached: the hot path tests this flag and never touches the
    /// existential itself (copying `(any DebitSink)?` cost ~140 instructions a debit).
    @usableFromInline let hasSink: Bool
    let sink: (any DebitSink)?
    let profiles: _ChunkedArena<_AccountProfile>
    let stripes = _LockStripes()
    let events: _EventHub
    let catalogState: Mutex<_CatalogState>
    let openCount = Atomic<Int>(0)
    /// Serializes opening accounts, so that buckets and profiles get the same slots.
    let openLock = Mutex<Void>(())
    /// Every account's editable feature rules (R17, R18), by slot; rarely changed.
    let ruleSets = Mutex<[UInt32: _FeatureRuleSet]>([:])

    private static let tokens = Atomic<UInt64>(0)

    /// The most accounts a ledger opens over its life: 2^26 − 1 (67 million); a registry
    /// entry encodes slot + 1 in 26 bits. Closed accounts count too: their slots are never
    /// reused (see the README's decisions), so an id closed and opened again takes another.
    public static let maximumAccounts = (1 << 26) - 1

    /// The most usage row blocks a ledger can be given (see ``usageRowBlocks``): block ids,
    /// times 16 words, stay below 2^32 with the margin.
    public static let maximumUsageRowBlocks = (1 << 28) - usageRowMargin - 1

    /// Row blocks kept beyond ``usageRowBlocks`` for debits that were already decided when
    /// the limit was reached: at most one block each (8 MiB in all).
    static let usageRowMargin = 1 << 16

    /// How many usage row blocks (seven rows, 128 bytes each) debits may fill before the
    /// ledger refuses the ones that need a new row (R21, I3, I6).
    ///
    /// A row counts one (feature, day, rate) of one account; the recent one lives in the
    /// account's bucket. When the blocks run out, the ledger swaps in a catalog table that
    /// sends every debit to the checked path, which sets up the debit's row before it
    /// decides: a debit whose row exists is decided as usual, one that needs a new row is
    /// refused with ``Refusal/usageStorageFull`` and changes nothing. No debit is ever
    /// accepted without its row. Debits decided before the swap (one per thread at most)
    /// add theirs in a margin of 65,536 blocks beyond the limit; only if that margin were
    /// used up would the process stop (a precondition, rather than lose a row). Rows are
    /// never freed (see the README, "Not built yet").
    public let usageRowBlocks: Int

    /// Creates an empty ledger.
    /// - Parameters:
    ///   - catalog: the features and rates (R16).
    ///   - clock: the source of time (R7).
    ///   - eventBuffer: events each listener may have waiting before newer ones are dropped.
    ///   - sink: receives every accepted debit, or `nil` for none.
    ///   - usageRowBlocks: usage row blocks debits may fill (see ``usageRowBlocks``); the
    ///     default, 2^26 blocks (8 GiB, 470 million rows), is clamped to
    ///     1...``maximumUsageRowBlocks``. Memory is taken as rows are added.
    public init(catalog: FeatureCatalog = .example, clock: MeterClock = .system(), eventBuffer: Int = 65_536,
                sink: (any DebitSink)? = nil, usageRowBlocks: Int = 1 << 26) {
        token = Self.tokens.wrappingAdd(1, ordering: .relaxed).newValue
        self.clock = clock
        self.sink = sink
        hasSink = sink != nil
        let chunks = (Self.maximumAccounts + 1) >> Int(_ChunkedArena<_Bucket>.chunkShift)
        buckets = _ChunkedArena(maxChunks: chunks, reserveIndexZero: false)
        profiles = _ChunkedArena(maxChunks: chunks, reserveIndexZero: false)
        self.usageRowBlocks = min(max(usageRowBlocks, 1), Self.maximumUsageRowBlocks)
        let words = Int(_RowBlock.words)
        rowWordLimit = (1 + self.usageRowBlocks) * words
        let rowChunk = 1 << Int(_ArenaGeometry.chunkShift)
        rows = _ChunkedArena(maxChunks: (rowWordLimit + Self.usageRowMargin * words + rowChunk - 1) / rowChunk, reserveIndexZero: false)
        _ = rows.append(group: Int(_RowBlock.words)) { Atomic(0) }  // block 0 means "none"
        rules = _ChunkedArena(maxChunks: 1 << 10, reserveIndexZero: true)
        registry = _AccountRegistry(buckets: buckets)
        events = _EventHub(bufferSize: eventBuffer)
        var state = _CatalogState()
        hotFast = Atomic(state.install(catalog))
        catalogState = Mutex(state)
    }

    deinit {
        events.finish()
        catalogState.withLock { state in
            for table in state.tables {
                table.pointee.free()
                table.deallocate()
            }
        }
    }

    /// The number of open accounts.
    public var accountCount: Int { openCount.load(ordering: .relaxed) }

    /// Usage row blocks in use, of ``usageRowBlocks`` (more, by the margin's share, once
    /// debits decided before the limit added theirs): a gauge for how full row storage is.
    public var usageRowBlocksInUse: Int { rows.count / Int(_RowBlock.words) - 1 }

    /// The day the engine's clock is on.
    public var today: CalendarDay { clock.today }

    /// Resolves an account once for handle debits.
    ///
    /// **Linearization point**: the lookup takes no lock: it reads the registry, then the
    /// bucket's closed flag (a relaxed load of its `terms`), and linearizes at that load. A
    /// close that lands after it does not void the handle: the handle's debits that
    /// linearize after the close are refused as ``Refusal/unknownAccount`` (the closed flag
    /// sends them off the fast path, and `_debitChecked` refuses them), even once the id
    /// is opened again as a new account.
    /// - Parameter id: the account id.
    /// - Returns: a handle, or `nil` when no open account has the id.
    /// - Complexity: expected O(1), no lock.
    @inlinable
    public func handle(for id: AccountID) -> AccountHandle? {
        guard let slot = registry.slot(of: id.rawValue) else { return nil }
        let bucket = buckets.pointer(at: slot)
        guard bucket.pointee.terms.load(ordering: .relaxed) & _Word.closedFlag == 0 else { return nil }
        return AccountHandle(bucket: bucket, ledgerToken: token, id: id)
    }

    /// The index of the feature with `key` in the catalog in force.
    /// - Parameter key: the feature key.
    /// - Returns: its index, or `nil` when the catalog has no such feature.
    /// - Complexity: expected O(key length), under the catalog lock: resolve a feature once,
    ///   not per debit.
    public func feature(_ key: String) -> FeatureIndex? {
        catalogState.withLock { state in
            state.indexByKey[key].flatMap { state.features[Int($0)] == nil ? nil : FeatureIndex(rawValue: $0) }
        }
    }

    /// The catalog in force.
    public var catalog: FeatureCatalog { catalogState.withLock { $0.catalog } }

    /// The key of the feature at `index`, if the ledger ever had one there.
    /// - Parameter index: a feature index.
    /// - Returns: the key or `nil`.
    /// - Complexity: O(1), under the catalog lock.
    public func key(of index: FeatureIndex) -> String? {
        catalogState.withLock { $0.keys.indices.contains(Int(index.rawValue)) ? $0.keys[Int(index.rawValue)] : nil }
    }

    /// A new listener for events from now on: thresholds, upgrades, cap notices and
    /// period closes (R19, R20). Each call makes a listener with its own bounded buffer and
    /// its own count of lost events (``EventListener/droppedEvents``); an event emitted
    /// while no listener exists reaches nobody and is not counted (listen before debiting;
    /// the billing facts and snapshots are exact either way).
    ///
    /// To stop listening, call ``EventListener/stop()``, cancel the listening task, or
    /// release the listener and its stream; each is safe while events are emitted. A
    /// listener kept after its loop ends still listens: its buffer fills, and every event
    /// it then misses counts as dropped.
    ///
    /// Events are handed to the stream under the emitting account's lock, so that each
    /// account's events arrive in order: a listener must not run on an executor that runs
    /// a resumed task inline on the emitting thread and then calls the ledger (the default
    /// executors never do).
    /// - Returns: the listener; its stream ends when it is stopped or the ledger is freed.
    /// - Complexity: O(1), under the event hub's lock.
    public func eventListener() -> EventListener { events.listener() }

    /// A new listener's stream, for a consumer that needs no loss count of its own: the
    /// events of ``eventListener()``, which stops when the stream is released or its task
    /// is cancelled.
    /// - Returns: a stream that ends when the ledger is freed.
    /// - Complexity: O(1), under the event hub's lock.
    public func eventStream() -> AsyncStream<MeterEvent> { events.listener().events }

    /// Events lost because a listener did not keep up (its buffer was full), summed over
    /// every listener the ledger has had; each listener also counts its own
    /// (``EventListener/droppedEvents``), and the two agree once no event is being emitted.
    /// Events emitted while nobody listened are not counted.
    public var droppedEvents: Int { events.dropped }
}

/// The catalog as the control plane edits it: stable indexes by key, and every hot table
/// ever published (freed with the ledger).
struct _CatalogState: @unchecked Sendable {
    var catalog = FeatureCatalog.empty
    var indexByKey: [String: UInt16] = [:]
    var keys: [String] = []
    var features: [Feature?] = []
    var tables: [UnsafeMutablePointer<_HotCatalog>] = []

    /// Maps `catalog` onto stable indexes (known keys keep theirs, new keys are appended,
    /// missing keys become absent) and lays out its hot table and the table's short twin.
    /// - Returns: the usual table's fast pointer, to publish.
    mutating func install(_ catalog: FeatureCatalog) -> UnsafeMutablePointer<UInt64> {
        self.catalog = catalog
        features = Array(repeating: nil, count: keys.count)
        for feature in catalog.features {
            let index: UInt16
            if let known = indexByKey[feature.key] {
                index = known
            } else {
                index = UInt16(keys.count)
                indexByKey[feature.key] = index
                keys.append(feature.key)
                features.append(nil)
            }
            features[Int(index)] = feature
        }
        let (usual, short) = _HotCatalog.publishPair(features: features)
        tables += [usual, short]
        return usual.pointee.fast
    }

    /// Whether installing `catalog` keeps every index within the table.
    func fits(_ catalog: FeatureCatalog) -> Bool {
        let added = catalog.features.filter { indexByKey[$0.key] == nil }.count
        return keys.count + added <= FeatureCatalog.maximumFeatures
    }
}
