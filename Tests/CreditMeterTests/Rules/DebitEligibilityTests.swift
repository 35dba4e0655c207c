import CreditMeter
import Testing

/// R3 seats and R4 edition gating.
@Suite("R3 seats and R4 editions")
struct DebitEligibilityTests {
    static let seats: [(Seat?, Bool)] = [
        (nil, true), (.core, true), (.sales, true), (.service, true), (.commerce, true), (.partner, true),
        (.free, false), (.viewOnly, false),
    ]

    @Test("R3: paid and partner seats and automations may consume credits", arguments: seats)
    func seat(_ seat: Seat?, _ allowed: Bool) throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        let decision = ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), seat: seat)
        #expect(decision.isAccepted == allowed)
        if !allowed { #expect(decision.refusal == .seatNotEligible) }
        #expect(ledger.usage(1) == (allowed ? 1 : 0))
    }

    static let editions: [(Edition, String, Bool)] = [
        (.starter, "unit", true), (.starter, "pro", false), (.starter, "enterprise", false),
        (.professional, "pro", true), (.professional, "enterprise", false),
        (.enterprise, "pro", true), (.enterprise, "enterprise", true),
    ]

    @Test("R4: a feature above the account's highest edition is refused", arguments: editions)
    func edition(_ edition: Edition, _ feature: String, _ allowed: Bool) throws {
        let (ledger, _) = Fixtures.ledger()
        // The highest edition counts, whichever family carries it.
        let handle = try Fixtures.open(ledger, 1, subscriptions: [Subscription(.sales, .starter), Subscription(.content, edition)])
        let decision = ledger.debit(handle, feature: Fixtures.feature(ledger, feature))
        #expect(decision.isAccepted == allowed)
        if !allowed { #expect(decision.refusal == .featureNotInEdition) }
    }
}
