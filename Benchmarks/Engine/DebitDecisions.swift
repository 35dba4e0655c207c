import CreditMeter

/// Decisions of a ledger batch, kept between batches so their storage is reused; only the
/// fixture reads the engine decisions inside.
struct DebitDecisions {
    /// The engine's decisions of the last batch.
    var decisions: [DebitDecision] = []
}
