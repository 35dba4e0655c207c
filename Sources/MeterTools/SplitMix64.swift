/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, seedable generator.
///
/// Good enough on its own for test data; its main job here is expanding one 64-bit seed
/// into the 256-bit state of ``Xoshiro256``. Every seed, including 0, is valid.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline
    internal var state: UInt64

    /// Creates a generator whose whole output is determined by `seed`.
    /// - Parameter seed: Any 64-bit value.
    @inlinable
    public init(seed: UInt64) {
        self.state = seed
    }

    /// Returns the next 64 pseudo-random bits.
    /// - Returns: A uniformly distributed `UInt64`.
    /// - Complexity: O(1), no allocation.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
