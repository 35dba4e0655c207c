import Synchronization

/// Fans events out to every listener's `AsyncStream`, each with a bounded buffer.
///
/// Events are emitted only on slow paths (threshold crossings, upgrades, period closes),
/// never per debit. With no listener, emitting is one relaxed load. A listener whose
/// buffer is full loses the newest events; each loss is counted on the listener and in
/// ``dropped``.
final class _EventHub: Sendable {
    /// A registered listener: where its events go and where its losses are counted.
    private struct Target: Sendable {
        let continuation: AsyncStream<MeterEvent>.Continuation
        let drops: _ListenerDrops
    }

    private let listeners = Mutex<[Int: Target]>([:])
    private let nextListener = Atomic<Int>(0)
    private let listenerCount = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    let bufferSize: Int

    init(bufferSize: Int) {
        self.bufferSize = max(1, bufferSize)
    }

    /// Events lost because a listener's buffer was full, summed over every listener (equal
    /// to the sum of the listeners' own counts once no event is being emitted).
    var dropped: Int { droppedCount.load(ordering: .relaxed) }

    /// A new listener. It is unregistered when it is stopped, its task is cancelled, or it
    /// and its stream are released; one kept after its consumer's loop ends stays
    /// registered (see ``Ledger/eventListener()``).
    func listener() -> EventListener {
        let (stream, continuation) = AsyncStream<MeterEvent>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        let drops = _ListenerDrops()
        let id = nextListener.wrappingAdd(1, ordering: .relaxed).newValue
        listeners.withLock { $0[id] = Target(continuation: continuation, drops: drops) }
        listenerCount.add(1, ordering: .releasing)
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            if self.listeners.withLock({ $0.removeValue(forKey: id) }) != nil {
                self.listenerCount.subtract(1, ordering: .relaxed)
            }
        }
        return EventListener(events: stream, continuation: continuation, drops: drops)
    }

    /// Delivers `events` to every listener, in order (callers emit one account's events
    /// under its stripe lock, so each account's events reach a listener in order).
    ///
    /// Yields outside the listeners lock. A yield may resume the listener's task, which
    /// takes that task's own lock; a task being cancelled at that moment holds its lock and
    /// runs the stream's termination handler, which takes the listeners lock. Yielding
    /// under it deadlocked, and every later emit (under a stripe lock) then stopped debits
    /// and control calls (found by a review). A listener that ends meanwhile is yielded to
    /// after it ended, which does nothing.
    func emit(_ events: [MeterEvent]) {
        guard !events.isEmpty, listenerCount.load(ordering: .acquiring) > 0 else { return }
        let targets = listeners.withLock { Array($0.values) }
        var lost = 0
        for target in targets {
            for event in events {
                // Counted at once, before this thread delivers anything more: a consumer
                // that receives a later event of the account sees the loss (the account's
                // emits are serialized by its stripe lock).
                if case .dropped = target.continuation.yield(event) {
                    target.drops.count.add(1, ordering: .relaxed)
                    lost += 1
                }
            }
        }
        if lost > 0 { droppedCount.add(lost, ordering: .relaxed) }
    }

    /// Ends every listener's stream.
    func finish() {
        let all = listeners.withLock { listeners in
            defer { listeners.removeAll() }
            return Array(listeners.values)
        }
        // Their termination handlers find them gone and leave the count alone.
        listenerCount.subtract(all.count, ordering: .relaxed)
        for target in all { target.continuation.finish() }
    }

    /// Listeners whose streams have not ended.
    var listenersActive: Int { listenerCount.load(ordering: .relaxed) }
}
