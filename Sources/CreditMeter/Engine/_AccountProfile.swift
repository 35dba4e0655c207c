/// An account's cold state: the truth the bucket's configuration words are derived from.
/// Read and written only under the account's stripe lock.
struct _AccountProfile {
    var id: AccountID
    var subscriptions: _SubscriptionSet
    var anchorDay: UInt8
    var mode: OverageMode
    var pendingMode: OverageMode?
    var paused = false
    var closed = false
    /// Thresholds already notified this period, one bit per ``_Threshold``.
    var fired: UInt8 = 0
    /// Bought and auto-upgraded packs, kept for the contract term (R9, R11).
    var capacityPacks: UInt64
    /// The part of `capacityPacks` that auto-upgrade added.
    var upgradedPacks: UInt64 = 0
    /// Monthly capacity from legacy packs (R15) or other credit grants.
    var extraCapacity: UInt64
    var cap: UInt64?
    var period: UsagePeriod
    var rulesIndex: UInt32 = 0
    /// The highest hard limit in force at any instant of this period (`nil`: unbounded at
    /// some instant), so I1 can be audited after limits were lowered.
    var peakHardLimit: UInt64?
    /// Packs to remove at the first period that starts on or after the day (R14).
    var scheduledRemoval: (packs: UInt64, day: CalendarDay)?

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
}

/// Up to one edition per product family, in 3 bits each.
struct _SubscriptionSet: Hashable {
    var bits: UInt32 = 0

    init(_ subscriptions: [Subscription]) {
        for subscription in subscriptions {
            let shift = UInt32(ProductFamily.allCases.firstIndex(of: subscription.family)!) * 3
            let current = (bits >> shift) & 7
            bits = bits & ~(7 << shift) | max(current, UInt32(subscription.edition.rawValue) + 1) << shift
        }
    }

    var subscriptions: [Subscription] {
        ProductFamily.allCases.enumerated().compactMap { index, family in
            let value = (bits >> (UInt32(index) * 3)) & 7
            return value == 0 ? nil : Subscription(family, Edition(rawValue: Int(value) - 1)!)
        }
    }

    var includedCredits: UInt64 { subscriptions.includedCredits }
    var highestEdition: Edition { subscriptions.highestEdition ?? .starter }
}
