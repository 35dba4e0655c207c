import CreditMeter
import Testing

/// I6: bad input gets a typed error or a refusal with a reason, never a crash, never a
/// changed state.
@Suite("I6 bad input")
struct BadInputTests {
    /// What an account looks like from outside: its snapshot, facts and log.
    static func observe(_ ledger: Ledger) -> [String] {
        (1...2).map { id in
            let account = AccountID(UInt64(id))
            return "\(String(describing: ledger.snapshot(of: account))) \(ledger.billingFacts(of: account)) "
                + "\(ledger.usageLog(of: account, from: Fixtures.catalogStart, until: Fixtures.start.adding(days: 40)))"
        }
    }

    static func prepared() throws -> (Ledger, AccountHandle) {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        try Fixtures.open(ledger, 2, packs: 2, cap: 2_400)
        _ = ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 7)
        return (ledger, handle)
    }

    static let refusedDebits: [(String, Refusal, @Sendable (Ledger, AccountHandle) -> DebitDecision)] = [
        ("zero quantity", .invalidQuantity, { $0.debit($1, feature: Fixtures.feature($0, "unit"), quantity: 0) }),
        ("largest quantity past a hard limit", .limitReached, { $0.debit($1, feature: Fixtures.feature($0, "ten"), quantity: .max) }),
        ("unknown account", .unknownAccount, { l, _ in l.debit(account: AccountID(77), feature: Fixtures.feature(l, "unit")) }),
        ("unknown feature index", .unknownFeature, { $0.debit($1, feature: FeatureIndex(rawValue: 999)) }),
        ("feature index past the table", .unknownFeature, { $0.debit($1, feature: FeatureIndex(rawValue: .max)) }),
        ("handle of another ledger", .unknownAccount, { _, handle in
            let (other, _) = Fixtures.ledger()
            return other.debit(handle, feature: Fixtures.feature(other, "unit"))
        }),
    ]

    @Test("I6: bad debits are refused with a reason and change nothing", arguments: refusedDebits)
    func refusedDebit(_ name: String, _ reason: Refusal, _ attempt: @Sendable (Ledger, AccountHandle) -> DebitDecision) throws {
        let (ledger, handle) = try Self.prepared()
        let before = Self.observe(ledger)
        #expect(attempt(ledger, handle) == .refused(reason))
        #expect(Self.observe(ledger) == before)
    }

    /// Found by a review: the table's "overflowing" debit was only past a 500-credit limit.
    /// Here nothing bounds the account but the engine's usage ceiling, 2^40 − 1 credits (a
    /// pay-as-you-go account with no cap), and the largest debit (UInt32.max actions at the
    /// highest rate, about 4.3e15 credits) is past it.
    @Test("I6: a debit past the engine's usage ceiling is refused for the limit and changes nothing; up to it, debits fit",
          arguments: DebitPath.allCases)
    func usageCeiling(_ path: DebitPath) throws {
        let (ledger, _) = Fixtures.ledger()
        let top = Feature(key: "top", name: "Top rate", category: .aiAgent,
                          rates: [FeatureRate(from: Fixtures.catalogStart, credits: FeatureRate.maximumCredits)])
        try ledger.replaceCatalog(FeatureCatalog(features: Fixtures.catalog.features + [top]))
        let handle = try Fixtures.open(ledger, 1, packs: 1, mode: .payAsYouGo)
        if path == .checked { try Fixtures.forceCheckedPath(ledger, 1) }
        let (unit, highest) = (Fixtures.feature(ledger, "unit"), Fixtures.feature(ledger, "top"))
        let ceiling: UInt64 = 1 << 40 - 1
        let before = Self.observe(ledger)
        #expect(path.debit(ledger, handle, highest, .max) == .refused(.limitReached))
        #expect(Self.observe(ledger) == before)
        // Up to 2 credits below the ceiling, in the largest unit debits.
        var usage: UInt64 = 0
        while usage < ceiling - 1 {
            let quantity = UInt32(min(UInt64(UInt32.max), ceiling - 1 - usage))
            #expect(path.debit(ledger, handle, unit, quantity).isAccepted)
            usage += UInt64(quantity)
        }
        #expect(ledger.usage(1) == ceiling - 1)
        #expect(path.debit(ledger, handle, unit, 2) == .refused(.limitReached))
        #expect(path.debit(ledger, handle, unit, 1) == .accepted(charged: 1, usageAfter: ceiling, limit: 1_500))
        #expect(path.debit(ledger, handle, unit, 1) == .refused(.limitReached))
        #expect(ledger.usage(1) == ceiling)
        #expect(ledger.auditInvariants().isEmpty)
    }

    static let rejectedOperations: [(String, @Sendable (Ledger) throws -> Void)] = [
        ("account id 0", { try $0.open(AccountSpec(id: AccountID(0), subscriptions: [Subscription(.sales, .starter)])).discard() }),
        ("duplicate account id", { try $0.open(AccountSpec(id: AccountID(1), subscriptions: [Subscription(.sales, .starter)])).discard() }),
        ("no subscription", { try $0.open(AccountSpec(id: AccountID(3), subscriptions: [])).discard() }),
        ("anchor day 0", { try $0.open(AccountSpec(id: AccountID(3), subscriptions: [Subscription(.sales, .starter)], anchorDay: 0)).discard() }),
        ("anchor day 32", { try $0.open(AccountSpec(id: AccountID(3), subscriptions: [Subscription(.sales, .starter)], anchorDay: 32)).discard() }),
        ("negative packs at opening", { try $0.open(AccountSpec(id: AccountID(3), subscriptions: [Subscription(.sales, .starter)], capacityPacks: -1)).discard() }),
        ("cap without capacity", { try $0.open(AccountSpec(id: AccountID(3), subscriptions: [Subscription(.sales, .starter)], cap: 100)).discard() }),
        ("limit past the maximum", { try $0.open(AccountSpec(id: AccountID(3), subscriptions: [Subscription(.sales, .starter)], capacityPacks: Int.max)).discard() }),
        ("buy zero packs", { try $0.buyCapacity(AccountID(1), packs: 0) }),
        ("buy negative packs", { try $0.buyCapacity(AccountID(1), packs: -3) }),
        ("buy for an unknown account", { try $0.buyCapacity(AccountID(77), packs: 1) }),
        ("cap on an account without capacity", { try $0.setCap(AccountID(1), to: 10) }),
        ("cap above the maximum", { try $0.setCap(AccountID(2), to: .max) }),
        ("remove more packs than owned", { try $0.scheduleCapacityRemoval(AccountID(2), packs: 3, at: Fixtures.start) }),
        ("grace window that ends before it starts", { l in
            try l.setGraceWindow(Fixtures.feature(l, "unit"), for: AccountID(1), GraceWindow(from: Fixtures.start, until: Fixtures.start))
        }),
        ("pause an unknown feature", { try $0.setFeaturePaused(FeatureIndex(rawValue: 999), for: AccountID(1), true) }),
        ("zero legacy capacity", { try $0.addCapacity(AccountID(1), credits: 0) }),
        // Each of these two overflowed UInt64 before the limit check could refuse it.
        ("legacy capacity of UInt64.max", { try $0.addCapacity(AccountID(1), credits: .max) }),
        ("packs and extra capacity past UInt64.max at opening", {
            try $0.open(AccountSpec(id: AccountID(3), subscriptions: [Subscription(.sales, .starter)],
                                    capacityPacks: 1, extraCapacityCredits: .max)).discard()
        }),
        ("subscriptions emptied", { try $0.setSubscriptions(AccountID(1), to: []) }),
    ]

    @Test("I6: bad control input is a typed error and changes nothing", arguments: rejectedOperations)
    func rejected(_ name: String, _ operation: @Sendable (Ledger) throws -> Void) throws {
        let (ledger, _) = try Self.prepared()
        let before = Self.observe(ledger)
        let count = ledger.accountCount
        #expect(throws: MeterError.self) { try operation(ledger) }
        #expect(Self.observe(ledger) == before)
        #expect(ledger.accountCount == count)
    }

    @Test("a closed account refuses debits through old handles, and its id can be opened again")
    func closeAndReopen() throws {
        let (ledger, handle) = try Self.prepared()
        try ledger.close(AccountID(1))
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit")) == .refused(.unknownAccount))
        #expect(ledger.handle(for: AccountID(1)) == nil)
        #expect(throws: MeterError.unknownAccount(AccountID(1))) { try ledger.close(AccountID(1)) }
        let reopened = try Fixtures.open(ledger, 1)
        let unit = Fixtures.feature(ledger, "unit")
        #expect(ledger.debit(reopened, feature: unit) == .accepted(charged: 1, usageAfter: 1, limit: 500))
        // Found by a review: only the new handle was checked, which never goes through the
        // registry. The id, a fresh lookup and the old handle each see the right account.
        #expect(ledger.debit(account: AccountID(1), feature: unit) == .accepted(charged: 1, usageAfter: 2, limit: 500))
        #expect(ledger.handle(for: AccountID(1)) == reopened && reopened != handle)
        #expect(ledger.debit(handle, feature: unit) == .refused(.unknownAccount))
        #expect(throws: MeterError.duplicateAccount(AccountID(1))) { try Fixtures.open(ledger, 1) }
        #expect(ledger.usage(1) == 2)
    }

    /// (The system clock has no `advance` or `set`: moving it by hand does not compile.)
    @Test("a manual clock never runs backwards, by set or advance")
    func clockMisuse() {
        let clock = MeterClock.manual(start: Fixtures.start)
        clock.set(to: Fixtures.start.adding(days: -5))
        clock.advance(days: -5)
        #expect(clock.today == Fixtures.start)
    }

    static let outOfRangeDays: [(String, @Sendable () -> ManualClock)] = [
        ("started after the last day", { .manual(start: CalendarDay(year: 5000, month: 1, day: 15)!) }),
        ("set after the last day", {
            let clock = MeterClock.manual(start: Fixtures.start)
            clock.set(to: CalendarDay(daysSinceEpoch: .max))
            return clock
        }),
        ("advanced past Int32", {
            let clock = MeterClock.manual(start: Fixtures.start)
            clock.advance(days: Int(Int32.max) - 1_000)
            clock.advance(days: .max)
            return clock
        }),
    ]

    /// Usage rows key their day in 20 bits: a clock in the year 5000 counted a debit on a
    /// day of 2129, so usage by feature summed to 0 (I3); a clock in December 9999 trapped
    /// computing the period's end in the year 10000; advancing by `Int32.max` days trapped.
    @Test("R7, I3, I6: a clock stays within its supported days, and conservation holds on the last",
          arguments: outOfRangeDays)
    func clockRange(_ name: String, _ makeClock: @Sendable () -> ManualClock) throws {
        let clock = makeClock()
        #expect(clock.today == MeterClock.supportedDays.upperBound)
        let ledger = Ledger(catalog: Fixtures.catalog, clock: clock)
        let handle = try Fixtures.open(ledger, 1)
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 5)
            == .accepted(charged: 5, usageAfter: 5, limit: 500))
        #expect(ledger.usageByFeature(of: AccountID(1)).values.reduce(0, +) == 5)
        #expect(ledger.usageLog(of: AccountID(1), from: clock.today, until: clock.today.adding(days: 1)).creditsUsed == 5)
        #expect(ledger.auditInvariants().isEmpty)
    }

    @Test("R5, I6: periods at the ends of the calendar have an end, and never trap",
          arguments: [Int32.min, -719_468, 2_932_896 /* 9999-12-15 */, .max - 20, .max])
    func periodsAtCalendarEnds(_ days: Int32) {
        let period = UsagePeriod.containing(CalendarDay(daysSinceEpoch: days), anchorDay: 31)
        #expect(period.start <= CalendarDay(daysSinceEpoch: days))
        #expect((0...31).contains(period.dayCount))
    }
}
