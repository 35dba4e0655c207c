/// An account's cold state: the truth the bucket's configuration words are derived from.
/// Read and written only under the account's stripe lock.
///
/// Packed into 56 bytes (32-bit amounts with all-ones meaning "none"), because it is most of
/// an account's memory; the properties below read and write it in domain terms.
struct _AccountProfile {
    let id: AccountID
    var subscriptions: _SubscriptionSet
    private var packsRaw: UInt32
    private var upgradedRaw: UInt32 = 0
    private var extraRaw: UInt32
    private var capRaw: UInt32
    private var peakRaw: UInt32 = _AccountProfile.none
    private var periodStart: Int32
    private var periodEnd: Int32
    var rulesIndex: UInt32 = 0
    let anchorDay: UInt8
    /// Thresholds already notified this period, one bit per ``_Threshold``.
    var fired: UInt8 = 0
    private var flags: UInt8 = 0
    /// One more than the highest cap each of the two cap notifications fired for this
    /// period (0: not yet).
    private var notified: (capApproaching: UInt32, capReached: UInt32) = (0, 0)

    private static let none = UInt32.max
    private static let pausedFlag: UInt8 = 1, closedFlag: UInt8 = 2, payAsYouGoFlag: UInt8 = 4
    private static let pendingFlag: UInt8 = 8, pendingPayAsYouGoFlag: UInt8 = 16

    init(id: AccountID, subscriptions: _SubscriptionSet, anchorDay: UInt8, mode: OverageMode,
         capacityPacks: UInt64, extraCapacity: UInt64, cap: UInt64?, period: UsagePeriod) {
        self.id = id
        self.subscriptions = subscriptions
        self.anchorDay = anchorDay
        packsRaw = UInt32(capacityPacks)
        extraRaw = UInt32(extraCapacity)
        capRaw = cap.map { UInt32($0) } ?? Self.none
        periodStart = period.start.daysSinceEpoch
        periodEnd = period.end.daysSinceEpoch
        self.mode = mode
    }

    /// Bought and auto-upgraded packs, kept for the contract term (R9, R11).
    var capacityPacks: UInt64 {
        get { UInt64(packsRaw) }
        set { packsRaw = UInt32(newValue) }
    }
    /// The part of `capacityPacks` that auto-upgrade added.
    var upgradedPacks: UInt64 {
        get { UInt64(upgradedRaw) }
        set { upgradedRaw = UInt32(newValue) }
    }
    /// Monthly capacity from legacy packs (R15) or other credit grants.
    var extraCapacity: UInt64 {
        get { UInt64(extraRaw) }
        set { extraRaw = UInt32(newValue) }
    }
    /// Whether the cap notification `threshold` fired this period for `cap` or a higher
    /// cap.
    func hasNotified(_ threshold: _Threshold, atLeast cap: UInt64) -> Bool {
        cap < UInt64(threshold == .capApproaching ? notified.capApproaching : notified.capReached)
    }

    /// Records that the cap notification `threshold` fired for `cap` (at most
    /// ``maximumLimit``); `nil` forgets it, at a period's start.
    mutating func setNotified(_ threshold: _Threshold, at cap: UInt64?) {
        let stored = cap.map { UInt32($0 + 1) } ?? 0
        if threshold == .capApproaching { notified.capApproaching = stored } else { notified.capReached = stored }
    }

    var cap: UInt64? {
        get { capRaw == Self.none ? nil : UInt64(capRaw) }
        set { capRaw = newValue.map { UInt32($0) } ?? Self.none }
    }
    /// The highest hard limit in force at any instant of this period (`nil`: unbounded at
    /// some instant), so I1 can be audited after limits were lowered.
    var peakHardLimit: UInt64? {
        get { peakRaw == Self.none ? nil : UInt64(peakRaw) }
        set { peakRaw = newValue.map { UInt32($0) } ?? Self.none }
    }
    var period: UsagePeriod {
        get { UsagePeriod(start: CalendarDay(daysSinceEpoch: periodStart), end: CalendarDay(daysSinceEpoch: periodEnd)) }
        set {
            periodStart = newValue.start.daysSinceEpoch
            periodEnd = newValue.end.daysSinceEpoch
        }
    }
    var paused: Bool {
        get { flags & Self.pausedFlag != 0 }
        set { set(Self.pausedFlag, newValue) }
    }
    var closed: Bool {
        get { flags & Self.closedFlag != 0 }
        set { set(Self.closedFlag, newValue) }
    }
    var mode: OverageMode {
        get { flags & Self.payAsYouGoFlag != 0 ? .payAsYouGo : .autoUpgrade }
        set { set(Self.payAsYouGoFlag, newValue == .payAsYouGo) }
    }
    /// The overage setting waiting for the next period (R12).
    var pendingMode: OverageMode? {
        get { flags & Self.pendingFlag == 0 ? nil : flags & Self.pendingPayAsYouGoFlag != 0 ? .payAsYouGo : .autoUpgrade }
        set {
            set(Self.pendingFlag, newValue != nil)
            set(Self.pendingPayAsYouGoFlag, newValue == .payAsYouGo)
        }
    }

    private mutating func set(_ flag: UInt8, _ on: Bool) {
        flags = on ? flags | flag : flags & ~flag
    }

    var includedCredits: UInt64 { subscriptions.includedCredits }
    var capacityCredits: UInt64 { capacityPacks * CapacityPack.credits + extraCapacity }
    var hasCapacity: Bool { capacityCredits > 0 }

    /// The monthly limit in force (R8), clamped to the engine's 32-bit limit range.
    var limit: UInt64 { min(includedCredits + capacityCredits, _AccountProfile.maximumLimit) }

    /// The usage no debit may pass: the limit without capacity (R10), else the cap (R13).
    var hardLimit: UInt64? { hasCapacity ? cap : limit }

    /// The largest monthly limit or cap: 2^32 − 3 credits, so that the limit + 1 mark still
    /// fits below the all-ones "none" in the bucket's 32-bit gate fields.
    static let maximumLimit: UInt64 = 0xFFFF_FFFD
}

/// Notifications that fire once per account and period (R19, R20).
enum _Threshold: Int, CaseIterable {
    case reached75, reached85, reached90, reached100, exceeded, capApproaching, capReached

    var bit: UInt8 { 1 << UInt8(rawValue) }

    /// The notifications that fire again in a period for a higher cap than the one they
    /// fired for (R19): an admin who raises a cap hears when usage nears and reaches it.
    static let rearmable: [_Threshold] = [.capApproaching, .capReached]
}

/// Up to one edition per product family, in 3 bits each.
struct _SubscriptionSet: Hashable, Sequence {
    var bits: UInt32 = 0

    init(_ subscriptions: [Subscription]) {
        for subscription in subscriptions {
            let shift = UInt32(ProductFamily.allCases.firstIndex(of: subscription.family)!) * 3
            let current = (bits >> shift) & 7
            bits = bits & ~(7 << shift) | Swift.max(current, UInt32(subscription.edition.rawValue) + 1) << shift
        }
    }

    /// Its subscriptions in family order, read from the packed bits without building an
    /// array: the limit is derived from the set in every exclusive section (R2), through
    /// `Sequence<Subscription>.includedCredits`.
    func makeIterator() -> Iterator { Iterator(bits: bits) }

    /// Walks the packed families.
    struct Iterator: IteratorProtocol {
        /// The families not yet walked, in 3 bits each.
        var bits: UInt32
        var index = 0

        mutating func next() -> Subscription? {
            while bits != 0 {
                defer { bits >>= 3; index += 1 }
                let value = bits & 7
                if value != 0, let edition = Edition(rawValue: Int(value) - 1) {
                    return Subscription(ProductFamily.allCases[index], edition)
                }
            }
            return nil
        }
    }
}
