import CreditMeter
import Synchronization

/// A ``DebitSink`` that keeps what it is given, for tests.
final class RecordingSink: DebitSink {
    private let recorded = Mutex<[AcceptedDebit]>([])

    func record(_ debit: AcceptedDebit) { recorded.withLock { $0.append(debit) } }

    var debits: [AcceptedDebit] { recorded.withLock { $0 } }
}
