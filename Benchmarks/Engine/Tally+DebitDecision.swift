import CreditMeter

extension Tally.Counts {
    /// Counts one engine decision for a debit of `quantity` actions of the fixture's
    /// feature: accepted at the price the harness works out itself
    /// (``EngineFixture/creditsPerAction`` each, not the engine's `charged`), or refused.
    /// So the totals check compares the harness's own count with the engine's usage.
    /// - Parameters:
    ///   - decision: the engine's decision.
    ///   - quantity: the debit's actions.
    @inline(__always)
    mutating func record(_ decision: DebitDecision, quantity: UInt32 = 1) {
        record(accepted: decision.isAccepted, credits: UInt64(quantity) &* EngineFixture.creditsPerAction)
    }
}
