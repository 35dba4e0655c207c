/// xoshiro256** (Blackman & Vigna 2018): the fast, deterministic generator for load and
/// benchmark data.
///
/// Not cryptographically secure. Give each thread its own instance, seeded from a distinct
/// seed (for example `baseSeed &+ UInt64(threadIndex)`): the SplitMix64 expansion makes
/// neighbouring seeds produce unrelated streams.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    @usableFromInline
    internal var s0: UInt64
    @usableFromInline
    internal var s1: UInt64
    @usableFromInline
    internal var s2: UInt64
    @usableFromInline
    internal var s3: UInt64

    /// Creates a generator whose whole output is determined by `seed`.
    ///
    /// The seed is expanded with ``SplitMix64``, as the authors recommend, so the state is
    /// never all zero.
    /// - Parameter seed: Any 64-bit value, including 0.
    @inlinable
    public init(seed: UInt64) {
        var expander = SplitMix64(seed: seed)
        s0 = expander.next()
        s1 = expander.next()
        s2 = expander.next()
        s3 = expander.next()
    }

    /// Returns the next 64 pseudo-random bits.
    /// - Returns: A uniformly distributed `UInt64`.
    /// - Complexity: O(1), no allocation; about a nanosecond.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    @inlinable
    internal func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }
}
