public import Synchronization

/// An account's hot state: one 64-byte cache line.
///
/// - `state`: usage (bits 24...63) | recent-row delta (bits 16...23) | config version
///   (bits 1...15) | busy (bit 0). Every accepted debit is one compare-and-swap on this
///   word; that CAS is its linearization point. A debit of the recent row's key also adds
///   its actions to the delta in the same CAS, so the common debit is one atomic
///   read-modify-write (see ``_RecentRow``).
/// - `terms`, `gate`, `extra`: the configuration a debit decides with (limit, period end,
///   flags, ceiling, fast-path bound, rule set). They change only inside an exclusive
///   section: the writer first sets `busy` in `state` (so every in-flight CAS fails), then
///   writes them, then clears `busy` with a release store that bumps the version if any of
///   them (or `recentKey`) changed. A debit loads `state` (acquire), then the configuration
///   (relaxed), then CASes `state`; if the CAS succeeds no exclusive section changed the
///   configuration in between, so what it read is the one in force at its CAS (I4).
///   `extra`'s row head is the one field written outside an exclusive section (under the
///   stripe lock): it is not configuration.
/// - `recentKey`, `recentTimes`: the account's *recent usage row* kept inline, so that the
///   usage count of a debit lands on the line its CAS already owns (see ``_RecentRow``).
/// - `accountID`: immutable; the registry confirms id lookups on this line.
/// - `slot`: immutable, the bucket's own index. The paths that need the slot or the id (the
///   checked and slow paths, the usage rows, the sink) read them back from here, so a debit
///   does not carry them through its CAS loop (fewer registers live, fewer spills).
@usableFromInline
struct _Bucket: ~Copyable {
    @usableFromInline let state: Atomic<UInt64>
    @usableFromInline let terms: Atomic<UInt64>
    @usableFromInline let gate: Atomic<UInt64>
    @usableFromInline let extra: Atomic<UInt64>
    @usableFromInline let recentKey: Atomic<UInt64>
    @usableFromInline let recentTimes: Atomic<UInt64>
    /// The account's id, written before the bucket is published and never changed: the
    /// registry confirms a lookup here (see ``_AccountRegistry``).
    @usableFromInline let accountID: UInt64
    /// The bucket's own slot, written before the bucket is published and never changed.
    @usableFromInline let slot: UInt32
    /// Pads the bucket to one cache line.
    private let reserved: UInt32 = 0

    init(accountID: UInt64, slot: UInt32, terms: UInt64, gate: UInt64, extra: UInt64) {
        self.accountID = accountID
        self.slot = slot
        state = Atomic(0)
        self.terms = Atomic(terms)
        self.gate = Atomic(gate)
        self.extra = Atomic(extra)
        recentKey = Atomic(0)
        recentTimes = Atomic(0)
    }
}

/// The recent usage row's two words, each `generation (12 bits) | payload (52 bits)`:
/// `recentKey` holds a usage key, `recentTimes` a count. Generation 0 means unclaimed.
///
/// The row's count is `recentTimes` plus the delta in `state`. A fast-path debit of the
/// row's key adds to the delta in its usage CAS (one atomic operation); when the delta
/// would pass 255 the debit empties it in that CAS and adds it to `recentTimes` after, by a
/// CAS that checks the generation. `recentKey` changes only with the busy bit set, so a
/// debit that read it between its load and CAS of `state` read the key in force. Every
/// exclusive section first folds the delta into `recentTimes`. Moving the row to a newer
/// key (at most once per account and day) runs in an exclusive section, seals the count
/// with a CAS to the next generation and spills it into the account's row blocks; an
/// adder whose generation check then fails counts there instead. So every action is
/// counted exactly once (I3). The generation cycles through 1...4,095, so it repeats
/// after 4,095 moves (at most one a day); an adder therefore checks `recentKey`'s whole
/// word too, which never repeats, because a move only goes to a later day.
@usableFromInline
enum _RecentRow {
    @usableFromInline static var payloadBits: UInt64 { 52 }
    @usableFromInline static var payloadMask: UInt64 { (1 << 52) - 1 }

    @inlinable static func generation(_ word: UInt64) -> UInt64 { word >> payloadBits }
    @inlinable static func payload(_ word: UInt64) -> UInt64 { word & payloadMask }
    @inlinable static func word(generation: UInt64, payload: UInt64) -> UInt64 {
        (generation & 0xFFF) << payloadBits | payload
    }
}

/// Bit layouts of the bucket's words.
@usableFromInline
enum _Word {
    // state
    @usableFromInline static var busyBit: UInt64 { 1 }
    @usableFromInline static var versionMask: UInt64 { 0xFFFE }
    @usableFromInline static var deltaShift: UInt64 { 16 }
    /// The most actions the recent-row delta holds before they are spilled.
    @usableFromInline static var maxDelta: UInt64 { 0xFF }
    @usableFromInline static var usageShift: UInt64 { 24 }
    /// The largest usage a bucket holds in a period: 2^40 − 1 credits.
    @usableFromInline static var maxUsage: UInt64 { (1 << 40) - 1 }

    @inlinable static func usage(_ state: UInt64) -> UInt64 { state >> usageShift }
    @inlinable static func delta(_ state: UInt64) -> UInt64 { (state >> deltaShift) & maxDelta }

    @inlinable static func state(usage: UInt64, version: UInt64) -> UInt64 {
        (usage << usageShift) | (version & versionMask)
    }

    @inlinable static func nextVersion(_ state: UInt64) -> UInt64 {
        (state & versionMask) &+ 2
    }

    // terms: limit (bits 0...31) | period end day (bits 32...55) | flags (bits 56...58, 61, 62) |
    // edition (bits 59...60)
    @usableFromInline static var pausedFlag: UInt64 { 1 << 56 }
    @usableFromInline static var closedFlag: UInt64 { 1 << 57 }
    @usableFromInline static var capBoundFlag: UInt64 { 1 << 58 }
    @usableFromInline static var editionShift: UInt64 { 59 }
    /// The account has a rule set (feature pauses or grace windows; index in `extra`).
    @usableFromInline static var ruledFlag: UInt64 { 1 << 61 }
    /// A refusal for the hard bound (a hard stop's limit, or the cap) is still to be
    /// notified this period (R19): the checked path sends such a refusal to the slow path,
    /// which fires the notice, instead of refusing it lock-free.
    static var refusalNoticeFlag: UInt64 { 1 << 62 }

    @inlinable static func limit(_ terms: UInt64) -> UInt64 { terms & 0xFFFF_FFFF }
    @inlinable static func periodEnd(_ terms: UInt64) -> Int32 { Int32(truncatingIfNeeded: (terms >> 32) & 0xFF_FFFF) }
    @inlinable static func edition(_ terms: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: (terms >> editionShift) & 3) }

    static func terms(limit: UInt64, periodEnd: Int32, paused: Bool, closed: Bool, capBound: Bool, ruled: Bool,
                      refusalNotice: Bool, edition: Edition) -> UInt64 {
        limit | (UInt64(UInt32(periodEnd)) & 0xFF_FFFF) << 32
            | (paused ? pausedFlag : 0) | (closed ? closedFlag : 0) | (capBound ? capBoundFlag : 0) | (ruled ? ruledFlag : 0)
            | (refusalNotice ? refusalNoticeFlag : 0) | UInt64(edition.rawValue) << editionShift
    }

    // gate: ceiling (bits 0...31) | bound (bits 32...63); all ones means "none".
    // bound = min(slow-path mark, ceiling + 1): a debit whose usage after stays below it
    // is decided on the fast path with that one compare.
    @inlinable static func widen(_ value: UInt64) -> UInt64 { value == 0xFFFF_FFFF ? maxUsage : value }
    @inlinable static func ceiling(_ gate: UInt64) -> UInt64 { widen(gate & 0xFFFF_FFFF) }
    @inlinable static func bound(_ gate: UInt64) -> UInt64 { widen(gate >> 32) }

    static func gate(ceiling: UInt64?, mark: UInt64?) -> UInt64 {
        func narrow(_ value: UInt64?) -> UInt64 { min(value ?? 0xFFFF_FFFF, 0xFFFF_FFFF) }
        let bound = min(mark ?? UInt64.max, ceiling.map { $0 + 1 } ?? UInt64.max)
        return narrow(ceiling) | narrow(bound == .max ? nil : bound) << 32
    }

    /// Flags that send a debit off the fast path.
    @usableFromInline static var unusualTerms: UInt64 { pausedFlag | closedFlag | ruledFlag }

    // extra: rule set index (bits 0...31) | first usage row (bits 32...63)
    @inlinable static func rules(_ extra: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: extra) }
    @inlinable static func rowHead(_ extra: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: extra >> 32) }
    @inlinable static func extra(rules: UInt32, rowHead: UInt32) -> UInt64 { UInt64(rules) | UInt64(rowHead) << 32 }
}
