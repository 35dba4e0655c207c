extension RandomNumberGenerator {
    /// Returns a uniformly distributed `Double` in `0..<1` built from the top 53 bits of
    /// one `next()` call.
    ///
    /// Cheaper than `Double.random(in: 0..<1, using:)`, which must handle arbitrary ranges.
    /// - Returns: A value in `0.0 ..< 1.0`.
    /// - Complexity: O(1), one call to `next()`.
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
