import MeterTools

/// Sparse, random, nonzero 64-bit account ids, the same for every case given the seed, so
/// that by-id paths cannot index an array by id.
enum AccountIDs {
    /// Draws `count` distinct nonzero ids.
    /// - Parameters:
    ///   - count: how many ids.
    ///   - seed: the generator seed.
    /// - Returns: the ids; index `i` is account `i` of every case.
    static func make(count: Int, seed: UInt64) -> [UInt64] {
        var random = Xoshiro256(seed: seed ^ 0x1D5)
        var seen = Set<UInt64>(minimumCapacity: count)
        var ids: [UInt64] = []
        ids.reserveCapacity(count)
        while ids.count < count {
            let id = random.next()
            if id != 0, seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }
}
