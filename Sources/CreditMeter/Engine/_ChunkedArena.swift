import Synchronization

/// Append-only storage whose elements never move: chunks of 2^16 elements behind a fixed
/// directory, so a pointer to an element stays valid while the arena lives. Buckets, usage
/// rows, account profiles and rule sets live in arenas.
///
/// Appends are serialized by the arena's own lock (a control-plane cost). Readers index
/// without a lock: an element is only reached through an index that was published with a
/// release store after the element was initialized, so the plain directory read sees the
/// chunk.
@usableFromInline
final class _ChunkedArena<Element: ~Copyable>: @unchecked Sendable {
    // In a non-generic namespace: a static on the generic class compiled to a call per use.
    @usableFromInline static var chunkShift: UInt32 { _ArenaGeometry.chunkShift }
    @usableFromInline static var chunkMask: UInt32 { _ArenaGeometry.chunkMask }

    @usableFromInline let directory: UnsafeMutablePointer<UnsafeMutablePointer<Element>?>
    let maxChunks: Int
    /// 1 when index 0 is reserved to mean "none", else 0.
    let firstIndex: Int
    private let nextIndex: Mutex<Int>

    /// - Parameters:
    ///   - maxChunks: directory size; capacity is `maxChunks << 16` elements.
    ///   - reserveIndexZero: never hand out index 0, so that 0 can mean "none".
    init(maxChunks: Int, reserveIndexZero: Bool) {
        self.maxChunks = maxChunks
        firstIndex = reserveIndexZero ? 1 : 0
        nextIndex = Mutex(firstIndex)
        directory = .allocate(capacity: maxChunks)
        directory.initialize(repeating: nil, count: maxChunks)
    }

    deinit {
        let end = nextIndex.withLock { $0 }
        for chunk in 0..<maxChunks {
            guard let base = directory[chunk] else { break }
            let first = max(chunk << Self.chunkShift, firstIndex)
            let last = min(end, (chunk + 1) << Self.chunkShift)
            if last > first {
                (base + (first & Int(Self.chunkMask))).deinitialize(count: last - first)
            }
            _LargeAllocation.deallocate(UnsafeMutableRawPointer(base), bytes: Self.chunkBytes)
        }
        directory.deallocate()
    }

    static var chunkBytes: Int { MemoryLayout<Element>.stride << _ArenaGeometry.chunkShift }

    /// The element at `index`, which must have been returned by ``append(_:)``.
    /// - Complexity: O(1): one directory read and an offset.
    @inlinable
    func pointer(at index: UInt32) -> UnsafeMutablePointer<Element> {
        directory[Int(index >> _ArenaGeometry.chunkShift)].unsafelyUnwrapped + Int(index & _ArenaGeometry.chunkMask)
    }

    /// The number of elements appended so far.
    var count: Int { nextIndex.withLock { $0 } - firstIndex }

    /// Runs `body` with appends held off: it is serialized with every append and with the
    /// `reachingMark` actions appends run.
    /// - Parameter body: the work to serialize.
    /// - Returns: what `body` returns.
    func withAppendsHeld<R>(_ body: () -> R) -> R {
        nextIndex.withLock { _ in body() }
    }

    /// Initializes a new element at the end.
    /// - Parameter make: builds the element.
    /// - Returns: its index and address, or `nil` when the arena is full.
    func append(_ make: () -> Element) -> (index: UInt32, pointer: UnsafeMutablePointer<Element>)? {
        append(group: 1) { _ in make() }
    }

    /// Initializes a new element at the end from its own index (a bucket keeps its slot).
    /// - Parameter make: builds the element at the index it is given.
    /// - Returns: its index and address, or `nil` when the arena is full.
    func append(indexed make: (UInt32) -> Element) -> (index: UInt32, pointer: UnsafeMutablePointer<Element>)? {
        append(group: 1, make)
    }

    /// Initializes `group` consecutive elements at the end, built without their index.
    func append(group: Int, limit: Int = .max, mark: Int = .max, reachingMark: () -> Void = {},
                _ make: () -> Element) -> (index: UInt32, pointer: UnsafeMutablePointer<Element>)? {
        append(group: group, limit: limit, mark: mark, reachingMark: reachingMark) { _ in make() }
    }

    /// Initializes `group` consecutive elements at the end, in one chunk when every append
    /// to this arena uses the same group size (a power of two up to the chunk size).
    /// - Parameters:
    ///   - group: how many elements.
    ///   - limit: the group must end at or below this index (the arena's own end is
    ///     checked as well).
    ///   - mark: an index to watch.
    ///   - reachingMark: runs under the arena's lock, after the group is built, when the
    ///     group ends at or past `mark`.
    ///   - make: builds each element from its index.
    /// - Returns: the first element's index and address, or `nil` when the arena is full,
    ///   the group would pass `limit`, or it would straddle two chunks.
    func append(group: Int, limit: Int = .max, mark: Int = .max, reachingMark: () -> Void = {},
                _ make: (UInt32) -> Element) -> (index: UInt32, pointer: UnsafeMutablePointer<Element>)? {
        nextIndex.withLock { next -> (UInt32, UnsafeMutablePointer<Element>)? in
            let chunk = next >> Self.chunkShift
            guard next + group <= limit, chunk < maxChunks, (next + group - 1) >> Self.chunkShift == chunk else { return nil }
            if directory[chunk] == nil {
                let alignment = max(64, MemoryLayout<Element>.alignment)
                let raw = _LargeAllocation.allocate(bytes: Self.chunkBytes, alignment: alignment)
                directory[chunk] = raw.bindMemory(to: Element.self, capacity: 1 << Self.chunkShift)
            }
            let index = UInt32(next)
            let element = pointer(at: index)
            for offset in 0..<group { (element + offset).initialize(to: make(index + UInt32(offset))) }
            next += group
            if next >= mark { reachingMark() }
            return (index, element)
        }
    }
}

/// Chunk geometry of every ``_ChunkedArena``: 2^16 elements per chunk.
@usableFromInline
enum _ArenaGeometry {
    @usableFromInline static let chunkShift: UInt32 = 16
    @usableFromInline static let chunkMask: UInt32 = (1 << 16) - 1
}
