import CreditMeter
import Testing

/// R2, R11, R12, R14: when a subscription change takes effect. A change that lowers the
/// included credits after credits were used waits for the next period, so usage accepted
/// under the old limit never becomes auto-upgrade packs or overage under the new one.
@Suite("R2, R11, R14: subscription changes")
struct SubscriptionChangeTests {
    static let dataHubEnterprise = [Subscription(.dataHub, .enterprise)]  // 10,000 included
    static let marketingStarter = [Subscription(.marketing, .starter)]    // 500 included
    static let marketingProfessional = [Subscription(.marketing, .professional)]  // 3,000 included

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let packs: Int
        let mode: OverageMode
        let usedBefore: UInt32
        let to: [Subscription]
        /// The limit and the held included credits right after the change.
        let limitAfter: UInt64
        let pending: UInt64?
    }

    static let cases: [Case] = [
        Case(testDescription: "a lower plan after use waits (auto-upgrade, 1 pack)", packs: 1, mode: .autoUpgrade,
             usedBefore: 9_000, to: marketingStarter, limitAfter: 11_000, pending: 500),
        Case(testDescription: "a lower plan after use waits (pay-as-you-go)", packs: 1, mode: .payAsYouGo,
             usedBefore: 9_000, to: marketingStarter, limitAfter: 11_000, pending: 500),
        Case(testDescription: "a lower plan after use waits (hard stop)", packs: 0, mode: .autoUpgrade,
             usedBefore: 9_000, to: marketingStarter, limitAfter: 10_000, pending: 500),
        Case(testDescription: "a lower plan that usage still fits waits too", packs: 0, mode: .autoUpgrade,
             usedBefore: 100, to: marketingProfessional, limitAfter: 10_000, pending: 3_000),
        Case(testDescription: "a lower plan in an unused period is at once (as R12)", packs: 1, mode: .autoUpgrade,
             usedBefore: 0, to: marketingStarter, limitAfter: 1_500, pending: nil),
    ]

    /// A ledger with account 1 on Data Hub Enterprise, `used` credits into its period.
    static func account(used: UInt32, packs: Int = 0, mode: OverageMode = .autoUpgrade) throws -> (Ledger, ManualClock, AccountHandle) {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, subscriptions: dataHubEnterprise, packs: packs, mode: mode)
        if used > 0 { #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: used).isAccepted) }
        return (ledger, clock, handle)
    }

    @Test("a change's limit, events and billing facts, now and at the next period", arguments: cases)
    func change(_ c: Case) async throws {
        let (ledger, clock, _) = try Self.account(used: c.usedBefore, packs: c.packs, mode: c.mode)
        let factsBefore = ledger.billingFacts(of: AccountID(1))
        let events = ledger.eventStream()

        try ledger.setSubscriptions(AccountID(1), to: c.to)
        let held = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(held.monthlyLimit == c.limitAfter)
        #expect(held.pendingIncludedCredits == c.pending)
        #expect(held.usage == UInt64(c.usedBefore))
        // Nothing is billed or notified for usage already accepted.
        #expect(ledger.billingFacts(of: AccountID(1)) == factsBefore)

        clock.advance(days: 31)
        let next = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(next.includedCredits == c.to.includedCredits)
        #expect(next.pendingIncludedCredits == nil)
        #expect(next.usage == 0)
        // The closed period kept the limit it was used under.
        #expect(ledger.closedPeriods(of: AccountID(1)).first?.monthlyLimit == c.limitAfter)
        #expect(!ledger.billingFacts(of: AccountID(1)).contains { if case .autoUpgraded = $0 { true } else { false } })
        let emitted = try await EventDrain.collect(events, ledger: ledger).map(\.kind)
        #expect(emitted == [.periodClosed(usage: UInt64(c.usedBefore))])
    }

    @Test("R9, R10: buying a pack after a held downgrade bills that pack only")
    func purchaseAfterHeldDowngrade() throws {
        let (ledger, _, _) = try Self.account(used: 9_000)
        try ledger.setSubscriptions(AccountID(1), to: Self.marketingStarter)
        try ledger.buyCapacity(AccountID(1), packs: 1)
        #expect(ledger.billingFacts(of: AccountID(1)).map(\.packsAdded) == [1])
        #expect(ledger.snapshot(of: AccountID(1))?.monthlyLimit == 11_000)
    }

    /// Found by a review: the subscription tests checked limits only.
    @Test("R4: a higher edition opens its features at once; a lower one held for the next period closes them there")
    func editionFollowsTheChange() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, subscriptions: Self.marketingStarter, anchorDay: 15)
        let pro = Fixtures.feature(ledger, "pro")
        #expect(ledger.debit(handle, feature: pro) == .refused(.featureNotInEdition))
        try ledger.setSubscriptions(AccountID(1), to: Self.marketingProfessional)
        #expect(ledger.debit(handle, feature: pro) == .accepted(charged: 1, usageAfter: 1, limit: 3_000))
        // Back to Starter after use: held, so Professional's features stay this period.
        try ledger.setSubscriptions(AccountID(1), to: Self.marketingStarter)
        #expect(ledger.debit(handle, feature: pro) == .accepted(charged: 1, usageAfter: 2, limit: 3_000))
        clock.advance(days: 31)
        #expect(ledger.debit(handle, feature: pro) == .refused(.featureNotInEdition))
        #expect(ledger.snapshot(of: AccountID(1))?.includedCredits == 500)
    }

    @Test("a raise is at once and drops a held lower plan; a second lower plan replaces the first")
    func laterCallsReplace() throws {
        let (ledger, clock, handle) = try Self.account(used: 100)
        try ledger.setSubscriptions(AccountID(1), to: Self.marketingStarter)
        try ledger.setSubscriptions(AccountID(1), to: Self.marketingProfessional)
        #expect(ledger.snapshot(of: AccountID(1))?.pendingIncludedCredits == 3_000)
        try ledger.setSubscriptions(AccountID(1), to: Self.dataHubEnterprise)
        #expect(ledger.snapshot(of: AccountID(1))?.pendingIncludedCredits == nil)
        clock.advance(days: 31)
        #expect(ledger.snapshot(of: AccountID(1))?.includedCredits == 10_000)

        // A raise after use is at once.
        try ledger.setSubscriptions(AccountID(1), to: Self.marketingStarter)
        clock.advance(days: 31)
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 10).isAccepted)
        try ledger.setSubscriptions(AccountID(1), to: Self.marketingProfessional)
        #expect(ledger.snapshot(of: AccountID(1))?.monthlyLimit == 3_000)
    }
}

extension BillingFact {
    /// Packs a purchase or an auto-upgrade added, or `nil` for other facts.
    fileprivate var packsAdded: Int? {
        switch self {
        case .capacityPurchased(_, let packs), .autoUpgraded(_, let packs): packs
        default: nil
        }
    }
}
