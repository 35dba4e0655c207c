@testable import CreditMeter
import Testing

/// Reads every event a listener was sent, without waiting for one that may never come.
///
/// The ledger's hub yields each event to its listeners' streams before the call that
/// emitted it returns, so once the test's calls have returned, finishing the hub ends each
/// stream after the events already in it: reading to the end sees all of them, and ends
/// even if an expected event was never emitted.
enum EventDrain {
    /// Ends every listener's stream on `ledger` and returns what `stream` holds, in order.
    /// Expects no event to have been dropped (a full buffer), so a lost one cannot pass.
    ///
    /// Call it after the operations under test have returned; events emitted later are
    /// not delivered to streams opened before the call. It never throws; `throws` stays so
    /// the callers' `try await` compiles without a warning.
    static func collect(_ stream: AsyncStream<MeterEvent>, ledger: Ledger,
                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> [MeterEvent] {
        ledger.events.finish()
        var events: [MeterEvent] = []
        for await event in stream { events.append(event) }
        #expect(ledger.droppedEvents == 0, "events were dropped: the listener's buffer was full", sourceLocation: sourceLocation)
        return events
    }
}
