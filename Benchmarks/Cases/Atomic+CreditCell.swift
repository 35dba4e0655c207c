import Synchronization

extension Atomic where Value == UInt64 {
    /// The ceiling's whole debit: adds `amount` to the used counter if the result stays
    /// within `limit`, retrying the compare-and-swap when another thread won the race.
    ///
    /// Relaxed ordering: the counter publishes nothing else, and on x86 every CAS is a
    /// full `lock cmpxchg` anyway, so this is the cheapest a correct limit check can be.
    /// - Parameters:
    ///   - amount: credits to add.
    ///   - limit: the most the counter may reach.
    ///   - retries: incremented once per lost race.
    /// - Returns: whether the amount was added.
    @inline(__always)
    func add(_ amount: UInt64, within limit: UInt64, retries: inout UInt64) -> Bool {
        var used = load(ordering: .relaxed)
        while true {
            guard amount <= limit, used <= limit - amount else { return false }
            let (exchanged, original) = compareExchange(
                expected: used, desired: used + amount, ordering: .relaxed)
            if exchanged { return true }
            used = original
            retries &+= 1
        }
    }
}

extension Arena where Element == Atomic<UInt64> {
    /// The sum of every counter (relaxed loads: call it once the workers have joined).
    var sum: UInt64 {
        var total: UInt64 = 0
        for index in 0..<count { total &+= self[index].load(ordering: .relaxed) }
        return total
    }
}
