public import Synchronization

/// Usage rows, seven to a block (R21, I3): a row counts how many times one feature ran
/// for one account on one day at one rate.
///
/// A block is 16 atomic words on two cache lines: keys in words 0...6, the next (older)
/// block's id in word 7, counts in words 8...14. Finding a row scans one line of keys
/// instead of chasing one pointer per row, which matters because accounts are touched at
/// random. Rows are added only under the account's stripe lock: the count is initialized,
/// then the key stored with a release store; afterwards only counts change, by relaxed
/// atomic adds. An account's blocks are listed newest first from the bucket's row head.
@usableFromInline
enum _RowBlock {
    @usableFromInline static var width: Int { 7 }
    @usableFromInline static var words: UInt32 { 16 }
    @usableFromInline static var nextWord: Int { 7 }
    @usableFromInline static var timesWord: Int { 8 }

    /// A stored key has this bit set, so 0 marks an empty entry.
    @usableFromInline static var present: UInt64 { 1 << 63 }

    /// The key of (feature, day, rate): feature (bits 40...51) | day (bits 20...39) |
    /// credits per action (bits 0...19). Features are below 4,096, days since 1970 below
    /// 2^20 (the year 4840) and rates at most 1,000,000 < 2^20, so the fields never overlap,
    /// and 52 bits leave room for the recent row's generation (see ``_RecentRow``).
    @inlinable
    static func key(feature: UInt16, day: Int32, rate: UInt32) -> UInt64 {
        UInt64(feature & 0xFFF) << 40 | (UInt64(UInt32(bitPattern: day)) & 0xF_FFFF) << 20 | UInt64(rate & 0xF_FFFF)
    }

    static func feature(_ key: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: key >> 40) & 0xFFF }
    @inlinable static func dayNumber(_ key: UInt64) -> UInt64 { (key >> 20) & 0xF_FFFF }
    static func day(_ key: UInt64) -> CalendarDay { CalendarDay(daysSinceEpoch: Int32(dayNumber(key))) }
    static func rate(_ key: UInt64) -> UInt64 { key & 0xF_FFFF }

    /// The id of the block after `block` (older), 0 for none.
    @inlinable
    static func next(_ block: UnsafeMutablePointer<Atomic<UInt64>>) -> UInt32 {
        UInt32(truncatingIfNeeded: (block + nextWord).pointee.load(ordering: .relaxed))
    }
}
