public import CreditMeter

/// The events consumed from `Meter.events()`, counted the way the audit checks them (I5):
/// per account, period and kind.
public struct EventTally: Sendable {
    /// An (account, period, kind) triple; `kind` is `MeterEvent.Kind` without its payload.
    public struct Key: Hashable, Sendable {
        /// The account index.
        public var account: Int
        /// The period's first day, days since 1970-01-01.
        public var periodStart: Int32
        /// The kind's name, with its threshold (`usageReached(75)`).
        public var kind: String

        /// Creates a key.
        /// - Parameters:
        ///   - account: the account index.
        ///   - periodStart: the period's first day, days since 1970-01-01.
        ///   - kind: the kind's name, with its threshold (`usageReached(75)`).
        public init(account: Int, periodStart: Int32, kind: String) {
            self.account = account
            self.periodStart = periodStart
            self.kind = kind
        }
    }

    /// How many events arrived for each key (kinds that legitimately repeat are left out).
    public private(set) var once: [Key: Int] = [:]
    /// Events by kind name, for the summary.
    public private(set) var byKind: [String: Int] = [:]
    /// Packs reported by `autoUpgraded` events, per account index.
    public private(set) var upgradedPacks: [Int: Int] = [:]
    /// The highest cap a purchase raised the cap to, per account index (R13).
    public private(set) var capsRaisedByPurchase: [Int: UInt64] = [:]

    /// An empty tally.
    public init() {}

    /// Counts one event.
    /// - Parameters:
    ///   - event: the event consumed.
    ///   - accountCount: events of accounts above it (the sentinel) count only in `byKind`.
    public mutating func count(_ event: MeterEvent, accountCount: Int) {
        // An id above `Int.max` is no LoadGen account: it counts only in `byKind`, as the
        // sentinel does.
        let account = Int(exactly: event.account.rawValue).map { $0 - 1 } ?? Int.max
        let name: String
        var repeats = false
        switch event.kind {
        case .usageReached(let percent): name = "usageReached(\(percent))"
        case .limitExceeded: name = "limitExceeded"  // one per period, whatever the outcome
        case .capApproaching: name = "capApproaching"
        case .capReached: name = "capReached"
        case .autoUpgraded(let packs, _):
            name = "autoUpgraded"
            repeats = true
            if account < accountCount { upgradedPacks[account, default: 0] += packs }
        case .capRaisedByPurchase(let newCap):
            name = "capRaisedByPurchase"
            repeats = true
            if account < accountCount { capsRaisedByPurchase[account] = max(newCap, capsRaisedByPurchase[account] ?? 0) }
        case .periodClosed: name = "periodClosed"
        }
        byKind[name.prefix { $0 != "(" }.description, default: 0] += 1
        guard !repeats, account < accountCount else { return }
        once[Key(account: account, periodStart: event.period.start.daysSinceEpoch, kind: name), default: 0] += 1
    }

    /// Adds extra copies of an event key (tests use it to corrupt the tally).
    /// - Parameters:
    ///   - key: the (account, period, kind) counted again.
    ///   - copies: how many times it is added.
    public mutating func inject(_ key: Key, copies: Int = 1) {
        once[key, default: 0] += copies
    }
}
