import Synchronization

/// One listener for a ledger's events (R19, R20): its stream, and the events it lost.
///
/// Each listener has its own bounded buffer (the ledger's `eventBuffer`). When the buffer
/// is full the newest events are not delivered to this listener; ``dropped`` counts them,
/// so a consumer can tell that it missed some and reconcile from the billing facts, while
/// the other listeners are unaffected. ``Ledger/droppedEvents`` sums the losses of every
/// listener.
///
/// To stop listening, cancel the listening task, or leave the loop and release the
/// listener (and every copy of its stream).
public struct EventListener: Sendable {
    /// The events, in the order each account emitted them. Ends when the ledger is freed.
    public let events: AsyncStream<MeterEvent>

    /// This listener's losses, shared with the ledger's event hub.
    let drops: _ListenerDrops

    /// Events this listener lost because its buffer was full. Events emitted before it
    /// was made, or while nobody listened, are not counted.
    /// - Complexity: O(1): one relaxed atomic load.
    public var dropped: Int { drops.count.load(ordering: .relaxed) }
}

/// The loss counter of one ``EventListener``, written by the emitting thread.
final class _ListenerDrops: Sendable {
    let count = Atomic<Int>(0)
}
