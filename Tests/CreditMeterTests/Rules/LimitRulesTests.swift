import CreditMeter
import Testing

/// R9–R14: packs, hard stops, auto-upgrade, pay-as-you-go, overage timing, caps, removals.
@Suite("R9-R14 limits, packs, overage and caps")
struct LimitRulesTests {
    @Test("R10: with no capacity the limit is a hard stop; buying capacity resumes at once (R9)")
    func hardStopThenBuy() async throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)  // 500 included, no capacity
        let ten = Fixtures.feature(ledger, "ten")
        for _ in 0..<50 { #expect(ledger.debit(handle, feature: ten).isAccepted) }
        #expect(ledger.debit(handle, feature: ten) == .refused(.limitReached))
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit")) == .refused(.limitReached))
        #expect(ledger.usage(1) == 500)
        try ledger.buyCapacity(AccountID(1), packs: 1)
        #expect(ledger.debit(handle, feature: ten) == .accepted(charged: 10, usageAfter: 510, limit: 1_500))
    }

    @Test("R10: a debit that does not fit is refused even when a smaller one would fit (I2)")
    func partialFitRefused() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 495).isAccepted)
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "ten")) == .refused(.limitReached))
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 5) == .accepted(charged: 5, usageAfter: 500, limit: 500))
    }

    /// (included edition, packs, usage driven to, expected limit, expected packs added)
    static let upgrades: [(UInt64, Int, UInt64, UInt64, Int)] = [
        (5_000, 1, 6_500, 7_000, 1),  // SPEC R11 example: 5,000 + 1,000 = 6,000; 6,500 → 7,000
        (5_000, 1, 6_000, 6_000, 0),  // exactly at the limit: no upgrade
        (5_000, 1, 6_001, 7_000, 1),
        (5_000, 1, 8_999, 9_000, 3),
        (3_000, 2, 5_000, 5_000, 0),
    ]

    @Test("R11: auto-upgrade adds the smallest number of packs covering usage", arguments: upgrades)
    func autoUpgrade(_ included: UInt64, _ packs: Int, _ target: UInt64, _ limit: UInt64, _ added: Int) throws {
        let (ledger, _) = Fixtures.ledger()
        let edition: Subscription = included == 5_000 ? Subscription(.marketing, .enterprise) : Subscription(.marketing, .professional)
        let handle = try Fixtures.open(ledger, 1, subscriptions: [edition], packs: packs)
        let unit = Fixtures.feature(ledger, "unit")
        // Drive usage in uneven steps so that one debit may cross several packs.
        var usage: UInt64 = 0
        while usage < target {
            let step = UInt32(min(target - usage, 777))
            let decision = ledger.debit(handle, feature: unit, quantity: step)
            guard case .accepted(_, let after, let inForce) = decision else { Issue.record("refused: \(decision)"); return }
            #expect(inForce >= after)
            usage = after
        }
        let snapshot = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(snapshot.monthlyLimit == limit)
        #expect(snapshot.upgradedPacks == added)
        let upgraded = ledger.billingFacts(of: AccountID(1)).reduce(0) { total, fact in
            if case .autoUpgraded(_, let packs) = fact { return total + packs }
            return total
        }
        #expect(upgraded == added)
    }

    /// Found by a review: the stepped test above never crosses more than one pack per debit,
    /// so a `settle` that added one pack at a time would still pass it.
    @Test("R11: one debit far past the limit adds every pack it needs at once, notified once",
          arguments: [(UInt32(6_500), UInt64(7_000), 1), (8_500, 9_000, 3), (16_001, 17_000, 11), (6_000, 6_000, 0)])
    func upgradeInOneDebit(_ quantity: UInt32, _ limit: UInt64, _ packs: Int) async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        // Marketing Enterprise, 5,000 included, and one pack: a limit of 6,000.
        let handle = try Fixtures.open(ledger, 1, subscriptions: [Subscription(.marketing, .enterprise)], packs: 1)
        let decision = ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: quantity)
        #expect(decision == .accepted(charged: UInt64(quantity), usageAfter: UInt64(quantity), limit: limit))
        #expect(ledger.snapshot(of: AccountID(1))?.upgradedPacks == packs)
        #expect(ledger.billingFacts(of: AccountID(1)).filter {
            if case .autoUpgraded = $0 { return true }
            return false
        } == (packs == 0 ? [] : [.autoUpgraded(day: Fixtures.start, packs: packs)]))
        let kinds = try await EventDrain.collect(events, ledger: ledger).map(\.kind)
        let expected: [MeterEvent.Kind] = [75, 85, 90, 100].map { .usageReached(percent: $0) }
            + (packs == 0 ? [] : [.limitExceeded(.upgraded), .autoUpgraded(packs: packs, newLimit: limit)])
        #expect(kinds == expected)
    }

    @Test("R11, I6: the smallest number of packs covering any credits, with no overflow at the top",
          arguments: [(UInt64(0), UInt64(0)), (1, 1), (999, 1), (1_000, 1), (1_001, 2), (6_500 - 6_000, 1),
                      (.max, 18_446_744_073_709_552), (.max - 615, 18_446_744_073_709_551)])
    func packsCovering(_ credits: UInt64, _ packs: UInt64) {
        #expect(CapacityPack.packsCovering(credits) == packs)
    }

    @Test("R11: auto-upgraded packs stay for the contract term, into the next period")
    func upgradedPacksStay() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, subscriptions: [Subscription(.marketing, .enterprise)], packs: 1)
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 6_500).isAccepted)
        clock.advance(days: 31)
        let snapshot = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(snapshot.usage == 0)
        #expect(snapshot.monthlyLimit == 7_000)
    }

    @Test("R11: pay-as-you-go keeps the limit; the closed period records the overage usage")
    func payAsYouGo() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, subscriptions: [Subscription(.marketing, .enterprise)], packs: 1, mode: .payAsYouGo)
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 7_237) == .accepted(charged: 7_237, usageAfter: 7_237, limit: 6_000))
        clock.advance(days: 31)
        let closed = ledger.closedPeriods(of: AccountID(1))
        #expect(closed.count == 1)
        #expect(closed.first?.usage == 7_237)
        #expect(closed.first?.monthlyLimit == 6_000)
        #expect(closed.first?.mode == .payAsYouGo)
    }

    @Test("R11: pay-as-you-go with no cap keeps accepting past 2^32 credits in a period")
    func payAsYouGoPastThirtyTwoBits() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, subscriptions: [Subscription(.marketing, .enterprise)], packs: 1, mode: .payAsYouGo)
        let ten = Fixtures.feature(ledger, "ten"), unit = Fixtures.feature(ledger, "unit")
        let big: UInt64 = 4_000_000_000
        // The fast path compares usage with a 32-bit bound; past it the checked path decides.
        #expect(ledger.debit(handle, feature: ten, quantity: 400_000_000) == .accepted(charged: big, usageAfter: big, limit: 6_000))
        #expect(ledger.debit(handle, feature: unit, quantity: 1) == .accepted(charged: 1, usageAfter: big + 1, limit: 6_000))
        #expect(ledger.debit(handle, feature: ten, quantity: 400_000_000) == .accepted(charged: big, usageAfter: 2 * big + 1, limit: 6_000))
        for step in 1...3 as ClosedRange<UInt64> {
            #expect(ledger.debit(handle, feature: unit) == .accepted(charged: 1, usageAfter: 2 * big + 1 + step, limit: 6_000))
        }
        #expect(ledger.usage(1) == 2 * big + 4)
        #expect(ledger.auditInvariants().isEmpty)
    }

    /// Found by a review: only the auto-upgrade → pay-as-you-go direction was tested, and
    /// no test withdrew a held change.
    @Test("R12: pay-as-you-go → auto-upgrade after use waits; asking for the mode in force again withdraws it")
    func overageChangeWithdrawn() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 1, mode: .payAsYouGo)
        #expect(ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 100).isAccepted)
        #expect(try ledger.setOverageMode(AccountID(1), to: .autoUpgrade) == false)
        #expect(ledger.snapshot(of: AccountID(1))?.overageMode == .payAsYouGo)
        #expect(ledger.snapshot(of: AccountID(1))?.pendingOverageMode == .autoUpgrade)
        #expect(try ledger.setOverageMode(AccountID(1), to: .payAsYouGo) == true)
        #expect(ledger.snapshot(of: AccountID(1))?.pendingOverageMode == nil)
        clock.advance(days: 31)
        #expect(ledger.snapshot(of: AccountID(1))?.overageMode == .payAsYouGo)
        // Held, then applied at the next period.
        #expect(try ledger.setOverageMode(AccountID(1), to: .autoUpgrade) == true)  // no usage yet: at once
        #expect(ledger.snapshot(of: AccountID(1))?.overageMode == .autoUpgrade)
    }

    @Test("R12: an overage change applies at once with no usage, else next period", arguments: [0 as UInt32, 1, 250])
    func overageTiming(usage: UInt32) throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 1)
        if usage > 0 { _ = ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: usage) }
        let immediate = try ledger.setOverageMode(AccountID(1), to: .payAsYouGo)
        #expect(immediate == (usage == 0))
        #expect(ledger.snapshot(of: AccountID(1))?.overageMode == (usage == 0 ? .payAsYouGo : .autoUpgrade))
        clock.advance(days: 31)
        #expect(ledger.snapshot(of: AccountID(1))?.overageMode == .payAsYouGo)
        #expect(ledger.snapshot(of: AccountID(1))?.pendingOverageMode == nil)
    }

    @Test("R13: usage never passes the cap; raising it resumes")
    func capStops() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 1, cap: 1_200)
        let unit = Fixtures.feature(ledger, "unit")
        #expect(ledger.debit(handle, feature: unit, quantity: 1_200).isAccepted)
        #expect(ledger.debit(handle, feature: unit) == .refused(.capReached))
        try ledger.setCap(AccountID(1), to: 1_300)
        #expect(ledger.debit(handle, feature: unit, quantity: 100).isAccepted)
        try ledger.setCap(AccountID(1), to: nil)
        #expect(ledger.debit(handle, feature: unit, quantity: 10_000).isAccepted)
    }

    /// One R13 case: Marketing Starter (500 included) with 1 pack, a limit of 1,500.
    struct CapPurchase: Sendable, CustomTestStringConvertible {
        let cap: UInt64
        /// Packs bought, or capacity added in credits (a legacy pack, R15).
        let packs: Int?
        let credits: UInt64?
        let capAfter: UInt64
        var raised: Bool
        var testDescription: String {
            "cap \(cap), \(packs.map { "\($0) pack(s) bought" } ?? "\(credits ?? 0) credits added"): cap \(capAfter)"
        }
    }

    static let capPurchases: [CapPurchase] = [
        // Brought above the cap: the cap becomes the new limit, with a review notice.
        CapPurchase(cap: 2_000, packs: 1, credits: nil, capAfter: 2_500, raised: true),
        CapPurchase(cap: 1_500, packs: 1, credits: nil, capAfter: 2_500, raised: true),   // at the cap before
        CapPurchase(cap: 2_000, packs: nil, credits: 3_000, capAfter: 4_500, raised: true),
        // Not brought above it: still at or below the cap, or above it already.
        CapPurchase(cap: 9_000, packs: 1, credits: nil, capAfter: 9_000, raised: false),
        CapPurchase(cap: 2_500, packs: 1, credits: nil, capAfter: 2_500, raised: false),  // limit 2,500 = cap
        CapPurchase(cap: 1_200, packs: 1, credits: nil, capAfter: 1_200, raised: false),  // limit 1,500 above it already
        CapPurchase(cap: 1_200, packs: nil, credits: 3_000, capAfter: 1_200, raised: false),
    ]

    /// Found by two reviews: any purchase lifted a cap the admin had set below the limit.
    @Test("R13: only a purchase that brings the limit above the cap raises the cap to the new limit, and notifies",
          arguments: capPurchases)
    func purchaseRaisesCap(_ c: CapPurchase) async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        let handle = try Fixtures.open(ledger, 1, packs: 1, cap: c.cap)
        if let packs = c.packs { try ledger.buyCapacity(AccountID(1), packs: packs) }
        if let credits = c.credits { try ledger.addCapacity(AccountID(1), credits: credits) }
        #expect(ledger.snapshot(of: AccountID(1))?.cap == c.capAfter)
        // Usage stops at the cap in force (R13).
        let unit = Fixtures.feature(ledger, "unit")
        #expect(ledger.debit(handle, feature: unit, quantity: UInt32(c.capAfter)).isAccepted)
        #expect(ledger.debit(handle, feature: unit) == .refused(.capReached))
        let raised = try await EventDrain.collect(events, ledger: ledger).filter {
            if case .capRaisedByPurchase = $0.kind { return true }
            return false
        }
        #expect(raised.map(\.kind) == (c.raised ? [.capRaisedByPurchase(newCap: c.capAfter)] : []))
    }

    @Test("R14: removed packs stay until the term end, then the limit drops")
    func scheduledRemoval() throws {
        let (ledger, clock) = Fixtures.ledger()
        try Fixtures.open(ledger, 1, packs: 3, anchorDay: 15)
        try ledger.scheduleCapacityRemoval(AccountID(1), packs: 2, at: CalendarDay(year: 2026, month: 3, day: 15)!)
        clock.advance(days: 31)  // 2026-02-15: still inside the term
        #expect(ledger.snapshot(of: AccountID(1))?.monthlyLimit == 3_500)
        clock.set(to: CalendarDay(year: 2026, month: 3, day: 15)!)
        #expect(ledger.snapshot(of: AccountID(1))?.monthlyLimit == 1_500)
        #expect(ledger.billingFacts(of: AccountID(1)).contains(.capacityRemoved(day: CalendarDay(year: 2026, month: 3, day: 15)!, packs: 2)))
    }

    /// Found by a review: the cap outlived the capacity, shown in snapshots with no effect,
    /// and a later purchase "raised" it with a review notice.
    @Test("R13, R14: removing the last pack removes the cap; a later purchase starts with none")
    func capLeavesWithTheLastPack() async throws {
        let (ledger, clock) = Fixtures.ledger()
        try Fixtures.open(ledger, 1, packs: 1, cap: 1_200, anchorDay: 15)
        let events = ledger.eventStream()
        let termEnd = CalendarDay(year: 2026, month: 2, day: 15)!
        try ledger.scheduleCapacityRemoval(AccountID(1), packs: 1, at: termEnd)
        clock.advance(days: 1)
        #expect(ledger.snapshot(of: AccountID(1))?.cap == 1_200)  // until the term end (R14)
        clock.set(to: termEnd)
        let after = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(after.cap == nil && after.monthlyLimit == 500)
        try ledger.buyCapacity(AccountID(1), packs: 1)
        #expect(ledger.snapshot(of: AccountID(1))?.cap == nil)
        #expect(!(try await EventDrain.collect(events, ledger: ledger)).contains { $0.kind == .capRaisedByPurchase(newCap: 1_500) })
    }

    @Test("R14: removal requests for the same term end add up, never past the packs owned")
    func removalsAddUp() throws {
        let (ledger, clock) = Fixtures.ledger()
        try Fixtures.open(ledger, 1, packs: 3, anchorDay: 15)
        let termEnd = CalendarDay(year: 2026, month: 2, day: 15)!
        try ledger.scheduleCapacityRemoval(AccountID(1), packs: 1, at: termEnd)
        try ledger.scheduleCapacityRemoval(AccountID(1), packs: 1, at: termEnd)
        #expect(throws: MeterError.self) { try ledger.scheduleCapacityRemoval(AccountID(1), packs: 2, at: termEnd) }
        clock.set(to: termEnd)
        #expect(ledger.snapshot(of: AccountID(1))?.monthlyLimit == 1_500)
    }

    @Test("R9: packs bought at opening are a billing fact, like later purchases")
    func openingPurchaseIsAFact() throws {
        let (ledger, _) = Fixtures.ledger()
        try Fixtures.open(ledger, 1, packs: 4)
        try ledger.buyCapacity(AccountID(1), packs: 2)
        #expect(ledger.billingFacts(of: AccountID(1)) == [
            .capacityPurchased(day: Fixtures.start, packs: 4), .capacityPurchased(day: Fixtures.start, packs: 2),
        ])
    }

    @Test("R15: converted legacy capacity adds to the monthly limit")
    func legacyCapacity() throws {
        let (ledger, _) = Fixtures.ledger()
        try Fixtures.open(ledger, 1)
        try ledger.addCapacity(AccountID(1), credits: 6_000)  // two legacy packs of 100
        #expect(ledger.snapshot(of: AccountID(1))?.monthlyLimit == 6_500)
    }
}
