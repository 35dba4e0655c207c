import CreditMeter

extension Tally.Counts {
    /// Counts one engine decision: accepted with its charge, or refused.
    /// - Parameter decision: the engine's decision.
    @inline(__always)
    mutating func record(_ decision: DebitDecision) {
        if case let .accepted(charged, _, _) = decision {
            record(accepted: true, credits: charged)
        } else {
            record(accepted: false)
        }
    }
}
