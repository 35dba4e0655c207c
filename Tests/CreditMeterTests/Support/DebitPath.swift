import CreditMeter

/// The ways a debit reaches an account, for tests that must hold on each: through a handle
/// (the fast path), through a handle on an account with a rule set (the checked path; see
/// ``Fixtures/forceCheckedPath(_:_:)``, which the test applies), by account id, and in a
/// batch through the handle.
enum DebitPath: String, CaseIterable, Sendable {
    case handle, checked, byID, batch

    /// Debits `quantity` of `feature` on `handle`'s account along this path.
    func debit(_ ledger: Ledger, _ handle: AccountHandle, _ feature: FeatureIndex, _ quantity: UInt32) -> DebitDecision {
        switch self {
        case .handle, .checked: ledger.debit(handle, feature: feature, quantity: quantity)
        case .byID: ledger.debit(account: handle.id, feature: feature, quantity: quantity)
        case .batch: ledger.decisions(for: [HandleDebit(handle: handle, feature: feature, quantity: quantity)])[0]
        }
    }
}
