/// What the engine says about one account after the run, in the audit's own terms
/// (gathered by `MeterUnderLoad.facts(of:)`, the only place that reads engine reports).
public struct AccountFacts: Sendable, Equatable {
    /// One closed usage period (a `BillingFact.periodClosed`).
    public struct ClosedPeriod: Sendable, Equatable {
        /// The period's first day, days since 1970-01-01.
        public var start: Int32
        /// Credits used in the period.
        public var usage: UInt64
        /// The monthly limit when it closed.
        public var monthlyLimit: UInt64
    }

    /// The current period's first day, days since 1970-01-01.
    public var periodStart: Int32
    /// Credits used in the current period.
    public var usage: UInt64
    /// The current monthly limit (R8, after upgrades).
    public var monthlyLimit: UInt64
    /// The current cap, if any.
    public var cap: UInt64?
    /// Packs added by auto-upgrade (R11).
    public var upgradedPacks: Int
    /// Current-period credits per feature of the mix (index = position in the mix).
    public var usageByFeature: [UInt64]
    /// Current-period credits charged to features outside the mix (must be 0).
    public var usageOutsideMix: UInt64
    /// Closed periods, oldest first.
    public var closedPeriods: [ClosedPeriod]
    /// Sum of the packs in `BillingFact.autoUpgraded` facts.
    public var upgradeFactPacks: Int
    /// Credits in the usage log per day (days since 1970-01-01) over the run's days.
    public var usageLogByDay: [Int32: UInt64]

    /// Creates facts; every figure defaults to "nothing happened".
    /// - Parameters:
    ///   - periodStart: the current period's first day, days since 1970-01-01.
    ///   - usage: credits used in the current period.
    ///   - monthlyLimit: the current monthly limit.
    ///   - cap: the current cap, `nil` for none.
    ///   - upgradedPacks: packs added by auto-upgrade.
    ///   - usageByFeature: current-period credits per feature, in mix order.
    ///   - usageOutsideMix: current-period credits charged to features outside the mix.
    ///   - closedPeriods: the closed periods, oldest first.
    ///   - upgradeFactPacks: the sum of the packs in `BillingFact.autoUpgraded` facts.
    ///   - usageLogByDay: credits in the usage log per day (days since 1970-01-01).
    public init(periodStart: Int32, usage: UInt64 = 0, monthlyLimit: UInt64 = 0, cap: UInt64? = nil,
                upgradedPacks: Int = 0, usageByFeature: [UInt64] = [],
                usageOutsideMix: UInt64 = 0, closedPeriods: [ClosedPeriod] = [],
                upgradeFactPacks: Int = 0, usageLogByDay: [Int32: UInt64] = [:]) {
        self.periodStart = periodStart
        self.usage = usage
        self.monthlyLimit = monthlyLimit
        self.cap = cap
        self.upgradedPacks = upgradedPacks
        self.usageByFeature = usageByFeature
        self.usageOutsideMix = usageOutsideMix
        self.closedPeriods = closedPeriods
        self.upgradeFactPacks = upgradeFactPacks
        self.usageLogByDay = usageLogByDay
    }

    /// The engine's usage for the period starting on `start`: the current period's usage, a
    /// closed period's usage, or 0 when the engine never saw that period.
    /// - Parameter start: the period's first day, days since 1970-01-01.
    /// - Returns: the credits used in that period; 0 for a period the engine never saw.
    public func usage(inPeriodStarting start: Int32) -> UInt64 {
        if start == periodStart { return usage }
        return closedPeriods.last { $0.start == start }?.usage ?? 0
    }

    /// The engine's monthly limit for the period starting on `start`, when it knows it.
    /// - Parameter start: the period's first day, days since 1970-01-01.
    /// - Returns: the current limit for the current period, the limit when it closed for a
    ///   closed period, or `nil` for a period the engine never saw.
    public func monthlyLimit(inPeriodStarting start: Int32) -> UInt64? {
        if start == periodStart { return monthlyLimit }
        return closedPeriods.last { $0.start == start }?.monthlyLimit
    }
}
