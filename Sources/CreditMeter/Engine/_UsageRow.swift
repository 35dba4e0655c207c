public import Synchronization

/// How many times one feature ran for one account on one day at one rate (R21): the
/// per-feature and per-day accounting kept on the hot path (I3).
///
/// Rows of an account form a list, newest first, so today's rows are found in a step or
/// two. The key and the link are written once before the row is published; only `times`
/// changes, by a relaxed atomic add after the debit's CAS.
@usableFromInline
struct _UsageRow: ~Copyable {
    /// feature (bits 40...51) | day (bits 20...39) | credits per action (bits 0...19):
    /// 52 bits, so that the bucket's recent row can hold a key beside a generation.
    @usableFromInline let key: UInt64
    @usableFromInline let times: Atomic<UInt64>
    @usableFromInline let next: UInt32

    init(key: UInt64, times: UInt64, next: UInt32) {
        self.key = key
        self.times = Atomic(times)
        self.next = next
    }

    /// The key of (feature, day, rate). Features are below 4,096, days since 1970 below
    /// 2^20 (the year 4840) and rates at most 1,000,000 < 2^20, so the fields never overlap.
    @inlinable
    static func key(feature: UInt16, day: Int32, rate: UInt32) -> UInt64 {
        UInt64(feature & 0xFFF) << 40 | (UInt64(UInt32(bitPattern: day)) & 0xF_FFFF) << 20 | UInt64(rate & 0xF_FFFF)
    }

    static func feature(_ key: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: key >> 40) & 0xFFF }
    @inlinable static func dayNumber(_ key: UInt64) -> UInt64 { (key >> 20) & 0xF_FFFF }
    static func day(_ key: UInt64) -> CalendarDay { CalendarDay(daysSinceEpoch: Int32(dayNumber(key))) }
    static func rate(_ key: UInt64) -> UInt64 { key & 0xF_FFFF }
}
