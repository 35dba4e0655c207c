import Synchronization

/// Locks for the control plane and the debit slow path, one per group of accounts
/// (slot mod 1,024), each on its own 64-byte line. A stripe's lock guards its accounts'
/// profiles, usage-row insertion, and the side tables it holds: billing facts and
/// scheduled removals of packs.
final class _LockStripes: @unchecked Sendable {
    static let count = 1_024
    static let stride = 64

    private let base: UnsafeMutableRawPointer

    init() {
        precondition(MemoryLayout<Mutex<_StripeSide>>.size <= Self.stride)
        base = .allocate(byteCount: Self.count * Self.stride, alignment: 64)
        for index in 0..<Self.count {
            (base + index * Self.stride).bindMemory(to: Mutex<_StripeSide>.self, capacity: 1)
                .initialize(to: Mutex(_StripeSide()))
        }
    }

    deinit {
        for index in 0..<Self.count {
            (base + index * Self.stride).assumingMemoryBound(to: Mutex<_StripeSide>.self).deinitialize(count: 1)
        }
        base.deallocate()
    }

    /// Runs `body` holding the lock of `slot`'s stripe.
    /// - Parameters:
    ///   - slot: the account's slot.
    ///   - body: the critical section; it gets the stripe's side tables.
    /// - Returns: what `body` returns.
    func withLock<R, E: Error>(_ slot: UInt32, _ body: (inout _StripeSide) throws(E) -> R) throws(E) -> R {
        let lock = (base + Int(slot % UInt32(Self.count)) * Self.stride).assumingMemoryBound(to: Mutex<_StripeSide>.self)
        return try lock.pointee._unsafeWithLock(body)
    }
}

/// What a stripe's lock guards besides profiles, keyed by slot.
struct _StripeSide: @unchecked Sendable {
    var facts: [UInt32: [BillingFact]] = [:]
    /// Packs to remove at the first period that starts on or after the day (R14).
    var removals: [UInt32: (packs: UInt64, day: CalendarDay)] = [:]
    /// Subscriptions that lower the included credits, held for the next period.
    var pendingSubscriptions: [UInt32: _SubscriptionSet] = [:]
}

extension Mutex {
    /// `withLock` for a body that need not be `sending`: the value never leaves the lock.
    func _unsafeWithLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        try withLock { (value: inout sending Value) throws(E) -> _Unsafe<R> in
            _Unsafe(value: try body(&value))
        }.value
    }
}

/// Carries a non-`Sendable` result out of a lock in this single-threaded hand-off.
struct _Unsafe<T>: @unchecked Sendable {
    var value: T
}
