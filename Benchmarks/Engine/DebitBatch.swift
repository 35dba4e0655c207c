import CreditMeter

/// Debits prepared for one batch call, built by `EngineFixture.batch(_:)`; only the fixture
/// reads the engine requests inside.
struct DebitBatch: Sendable {
    /// The engine's debit requests.
    let debits: [Debit]
    /// The number of debits.
    var count: Int { debits.count }
}
