public import Synchronization

/// How many times one feature ran for one account on one day at one rate (R21): the
/// per-feature and per-day accounting kept on the hot path (I3).
///
/// Rows of an account form a list, newest first, so today's rows are found in a step or
/// two. The key and the link are written once before the row is published; only `times`
/// changes, by a relaxed atomic add after the debit's CAS.
@usableFromInline
struct _UsageRow: ~Copyable {
    /// feature (bits 48...63) | day (bits 24...47) | credits per action (bits 0...23).
    @usableFromInline let key: UInt64
    @usableFromInline let times: Atomic<UInt64>
    @usableFromInline let next: UInt32

    init(key: UInt64, times: UInt64, next: UInt32) {
        self.key = key
        self.times = Atomic(times)
        self.next = next
    }

    @inlinable
    static func key(feature: UInt16, day: Int32, rate: UInt32) -> UInt64 {
        UInt64(feature) << 48 | (UInt64(UInt32(bitPattern: day)) & 0xFF_FFFF) << 24 | UInt64(rate & 0xFF_FFFF)
    }

    static func feature(_ key: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: key >> 48) }
    static func day(_ key: UInt64) -> CalendarDay { CalendarDay(daysSinceEpoch: Int32((key >> 24) & 0xFF_FFFF)) }
    static func rate(_ key: UInt64) -> UInt64 { key & 0xFF_FFFF }
}
