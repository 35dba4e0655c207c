import CreditMeter

/// Debits prepared for one batch call, built by `EngineFixture.batch(_:byHandle:)`; only the
/// fixture reads the engine requests inside.
enum DebitBatch: Sendable {
    /// Debits by account id (a registry lookup each).
    case ids([Debit])
    /// Debits through resolved handles.
    case handles([HandleDebit])

    /// The number of debits.
    var count: Int {
        switch self {
        case let .ids(debits): debits.count
        case let .handles(debits): debits.count
        }
    }
}
