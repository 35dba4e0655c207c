import Synchronization

/// One listener for a ledger's events (R19, R20): its stream, and the events it lost.
///
/// Each listener has its own bounded buffer (the ledger's `eventBuffer`). When the buffer
/// is full the newest events are not delivered to this listener; ``droppedEvents`` counts
/// them, so its consumer can tell that it missed some and reconcile from the billing facts,
/// while other listeners are unaffected. ``Ledger/droppedEvents`` sums the losses of every
/// listener.
///
/// Give each listener one consumer: tasks iterating the same stream split its events
/// between them. To stop listening, call ``stop()`` (the count stays readable), cancel the
/// consuming task, or release the listener and its stream. A listener kept after its
/// consumer's loop ends still listens: its buffer fills and its losses count.
public final class EventListener: Sendable {
    /// The events, in the order each account emitted them. Ends when ``stop()`` is called
    /// or the ledger is freed.
    public let events: AsyncStream<MeterEvent>

    /// Ends ``events`` (and so unregisters the listener).
    private let continuation: AsyncStream<MeterEvent>.Continuation

    /// This listener's losses, shared with the ledger's event hub.
    let drops: _ListenerDrops

    init(events: AsyncStream<MeterEvent>, continuation: AsyncStream<MeterEvent>.Continuation, drops: _ListenerDrops) {
        self.events = events
        self.continuation = continuation
        self.drops = drops
    }

    /// Events this listener lost because its buffer was full. A loss is counted before the
    /// emitting thread delivers anything more, and an account's events are emitted one
    /// after another: a consumer that receives an event of an account sees in this count
    /// every earlier loss of that account's events (a loss of another account's, emitted
    /// at the same moment on another thread, may show a little later).
    /// - Complexity: O(1): one relaxed atomic load.
    public var droppedEvents: Int { drops.count.load(ordering: .relaxed) }

    /// Stops listening: ``events`` ends once the consumer has read what is buffered, and
    /// no later event is delivered or counted. Idempotent.
    /// - Complexity: O(1), under the event hub's lock.
    public func stop() { continuation.finish() }
}

/// The loss counter of one ``EventListener``, written by the emitting threads.
final class _ListenerDrops: Sendable {
    let count = Atomic<Int>(0)
}
