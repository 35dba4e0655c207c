import CreditMeter

/// Shared fixtures: a small catalog with known rates, a manual clock, and account helpers.
enum Fixtures {
    /// 2026-01-15, the day every test ledger starts on unless told otherwise.
    static let start = CalendarDay(year: 2026, month: 1, day: 15)!
    static let catalogStart = CalendarDay(year: 2020, month: 1, day: 1)!

    /// `unit` 1 credit (starter), `ten` 10 credits (starter), `pro` 1 credit (professional),
    /// `enterprise` 1 credit (enterprise), `repriced` 2 credits then 3 from 2026-02-01.
    static let catalog: FeatureCatalog = try! FeatureCatalog(features: [
        Feature(key: "unit", name: "Unit action", category: .workflowCRM, rates: [FeatureRate(from: catalogStart, credits: 1)]),
        Feature(key: "ten", name: "Ten-credit action", category: .aiAgent, rates: [FeatureRate(from: catalogStart, credits: 10)]),
        Feature(key: "pro", name: "Professional action", category: .dataOps, minimumEdition: .professional,
                rates: [FeatureRate(from: catalogStart, credits: 1)]),
        Feature(key: "enterprise", name: "Enterprise action", category: .sync, minimumEdition: .enterprise,
                rates: [FeatureRate(from: catalogStart, credits: 1)]),
        Feature(key: "repriced", name: "Repriced action", category: .enrichment,
                rates: [FeatureRate(from: catalogStart, credits: 2), FeatureRate(from: CalendarDay(year: 2026, month: 2, day: 1)!, credits: 3)]),
    ])

    /// A ledger on a manual clock at `day`.
    static func ledger(on day: CalendarDay = start, eventBuffer: Int = 1 << 20, sink: (any DebitSink)? = nil,
                       usageRowBlocks: Int = 1 << 26) -> (Ledger, ManualClock) {
        let clock = MeterClock.manual(start: day)
        return (Ledger(catalog: catalog, clock: clock, eventBuffer: eventBuffer, sink: sink, usageRowBlocks: usageRowBlocks), clock)
    }

    /// Opens account `id` with Marketing Starter (500 included) unless told otherwise.
    @discardableResult
    static func open(
        _ ledger: Ledger, _ id: UInt64, subscriptions: [Subscription] = [Subscription(.marketing, .starter)],
        packs: Int = 0, mode: OverageMode = .autoUpgrade, cap: UInt64? = nil, anchorDay: Int? = nil
    ) throws -> AccountHandle {
        try ledger.open(AccountSpec(id: AccountID(id), subscriptions: subscriptions, anchorDay: anchorDay,
                                    capacityPacks: packs, overageMode: mode, cap: cap))
    }

    static func feature(_ ledger: Ledger, _ key: String) -> FeatureIndex { ledger.feature(key)! }

    /// A grace window over ``start`` alone (R18).
    static let startDayGrace = GraceWindow(from: start, until: start.adding(days: 1))

    /// Gives account `id` a grace window on `ten` over ``start`` and one in 2100: its `ten`
    /// debits are free on the start day, and every debit of the account takes the checked
    /// path, in later periods too.
    static func forceCheckedPath(_ ledger: Ledger, _ id: UInt64) throws {
        try ledger.setGraceWindow(feature(ledger, "ten"), for: AccountID(id), startDayGrace)
        // The window far ahead keeps the rules in force across period rolls, which drop an
        // account's rules once all its windows have ended.
        try ledger.setGraceWindow(feature(ledger, "ten"), for: AccountID(id), farGrace)
    }

    /// A grace window in 2100, which no test reaches: it keeps an account ruled.
    static let farGrace = GraceWindow(from: CalendarDay(year: 2100, month: 1, day: 1)!, until: CalendarDay(year: 2100, month: 1, day: 2)!)
}

extension Ledger {
    /// Credits used this period, or `nil` for an unknown account.
    func usage(_ id: UInt64) -> UInt64? { snapshot(of: AccountID(id))?.usage }

    /// The periods account `id` has closed, in order: its `periodClosed` billing facts.
    func closedPeriods(of id: AccountID) -> [ClosedPeriod] {
        billingFacts(of: id).compactMap { fact in
            guard case .periodClosed(let period, let usage, let monthlyLimit, let mode) = fact else { return nil }
            return ClosedPeriod(period: period, usage: usage, monthlyLimit: monthlyLimit, mode: mode)
        }
    }
}

/// A `periodClosed` billing fact, with its fields by name.
struct ClosedPeriod: Hashable {
    let period: UsagePeriod
    let usage: UInt64
    let monthlyLimit: UInt64
    let mode: OverageMode
}

extension AccountHandle {
    /// Drops the handle, so that an `open` call can stand as a closure returning nothing.
    func discard() {}
}
