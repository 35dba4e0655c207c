import CreditMeter
import Testing

/// R19, R20: notifications at 75, 85, 90 and 100 %, past the limit, near and at the cap,
/// exactly once per account, period and threshold.
@Suite("R19-R20 notifications")
struct NotificationTests {
    static let unitStepCases: [(String, Int, OverageMode, UInt64?, UInt32, [MeterEvent.Kind])] = [
        ("hard stop at 500", 0, .autoUpgrade, nil, 500, [
            .usageReached(percent: 75), .usageReached(percent: 85), .usageReached(percent: 90),
            .usageReached(percent: 100), .limitExceeded(.paused),
        ]),
        ("auto-upgrade past 1,500", 1, .autoUpgrade, nil, 1_501, [
            .usageReached(percent: 75), .usageReached(percent: 85), .usageReached(percent: 90),
            .usageReached(percent: 100), .limitExceeded(.upgraded), .autoUpgraded(packs: 1, newLimit: 2_500),
        ]),
        ("pay-as-you-go to the cap", 1, .payAsYouGo, 2_000, 2_000, [
            .usageReached(percent: 75), .usageReached(percent: 85), .usageReached(percent: 90),
            .usageReached(percent: 100), .limitExceeded(.overage), .capApproaching, .capReached,
        ]),
    ]

    @Test("R19: unit debits produce each notification once, in order", arguments: unitStepCases)
    func sequence(_ name: String, _ packs: Int, _ mode: OverageMode, _ cap: UInt64?, _ debits: UInt32, _ expected: [MeterEvent.Kind]) async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        let handle = try Fixtures.open(ledger, 1, packs: packs, mode: mode, cap: cap)
        let unit = Fixtures.feature(ledger, "unit")
        for _ in 0..<(debits + 100) { _ = ledger.debit(handle, feature: unit) }
        let seen = try await EventDrain.collect(events, ledger: ledger)
        #expect(seen.map(\.kind) == expected)
    }

    @Test("R19: a single large debit crossing several thresholds emits them all")
    func oneDebitManyThresholds() async throws {
        let (ledger, _) = Fixtures.ledger()
        let events = ledger.eventStream()
        let handle = try Fixtures.open(ledger, 1)
        _ = ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 460)  // 92 %
        let seen = try await EventDrain.collect(events, ledger: ledger)
        #expect(seen.map(\.kind) == [.usageReached(percent: 75), .usageReached(percent: 85), .usageReached(percent: 90)])
    }

    @Test("R20: thresholds re-arm in the next period, and the period close carries its usage")
    func nextPeriod() async throws {
        let (ledger, clock) = Fixtures.ledger()
        let events = ledger.eventStream()
        let handle = try Fixtures.open(ledger, 1)
        let unit = Fixtures.feature(ledger, "unit")
        _ = ledger.debit(handle, feature: unit, quantity: 380)
        clock.advance(days: 31)
        _ = ledger.debit(handle, feature: unit, quantity: 380)
        let seen = try await EventDrain.collect(events, ledger: ledger)
        #expect(seen.map(\.kind) == [.usageReached(percent: 75), .periodClosed(usage: 380), .usageReached(percent: 75)])
        #expect(seen[0].period != seen[2].period)
    }
}
