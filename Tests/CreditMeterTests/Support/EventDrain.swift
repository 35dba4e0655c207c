import CreditMeter

/// Reads an event stream until a sentinel event arrives. Events are delivered in one total
/// order, so once the sentinel is seen, every event emitted before it has been seen too.
enum EventDrain {
    /// Opens a sentinel account on `ledger`, drives it to 75 % (one event), and returns
    /// every event before that one.
    static func collect(_ stream: AsyncStream<MeterEvent>, ledger: Ledger, sentinel: UInt64 = 999_999_999) async throws -> [MeterEvent] {
        let handle = try Fixtures.open(ledger, sentinel)
        let unit = Fixtures.feature(ledger, "unit")
        for _ in 0..<375 { _ = ledger.debit(handle, feature: unit) }
        var events: [MeterEvent] = []
        for await event in stream {
            if event.account == AccountID(sentinel) { break }
            events.append(event)
        }
        return events
    }
}
