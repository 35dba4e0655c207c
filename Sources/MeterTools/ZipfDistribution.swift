#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A Zipf distribution over the ranks `0..<count`: rank `k` is drawn with probability
/// proportional to `1 / (k + 1)^exponent`, so rank 0 is the most frequent.
///
/// Sampling uses rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to
/// generate variates from monotone discrete distributions", ACM TOMACS 6(3), 1996): O(1)
/// expected time per sample and O(1) memory for any `count`, so ten million accounts cost
/// nothing to set up. Fewer than 1.1 uniform draws per sample are needed on average.
public struct ZipfDistribution: Sendable {
    /// The number of ranks; samples are in `0..<count`.
    public let count: Int
    /// The exponent `s` (> 0). About 1.1 models "a few hot accounts, a long tail".
    public let exponent: Double

    @usableFromInline
    internal let hIntegralX1: Double
    @usableFromInline
    internal let hIntegralCount: Double
    @usableFromInline
    internal let squeeze: Double

    /// Creates the distribution.
    /// - Parameters:
    ///   - count: The number of ranks, at least 1.
    ///   - exponent: The exponent `s`; must be finite and greater than 0.
    /// - Returns: `nil` when `count < 1` or `exponent` is not a finite positive number.
    /// - Complexity: O(1).
    public init?(count: Int, exponent: Double) {
        guard count >= 1, exponent.isFinite, exponent > 0 else { return nil }
        self.count = count
        self.exponent = exponent
        hIntegralX1 = Self.hIntegral(1.5, exponent) - 1
        hIntegralCount = Self.hIntegral(Double(count) + 0.5, exponent)
        squeeze = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, exponent) - Self.h(2, exponent), exponent)
    }

    /// Draws one rank.
    /// - Parameter generator: The source of randomness; a seeded ``Xoshiro256`` makes the
    ///   sequence reproducible.
    /// - Returns: A rank in `0..<count`.
    /// - Complexity: O(1) expected; a few `log`/`exp` calls. No allocation.
    @inlinable
    public func sample(using generator: inout some RandomNumberGenerator) -> Int {
        while true {
            // u is uniform in (hIntegralX1, hIntegralCount].
            let u = hIntegralCount + generator.nextUnitDouble() * (hIntegralX1 - hIntegralCount)
            let x = Self.hIntegralInverse(u, exponent)
            // Clamp in Double first (NaN included): converting it to Int would otherwise trap.
            let k = x + 0.5 >= 1 ? Int(Swift.min(x + 0.5, Double(count))) : 1
            if Double(k) - x <= squeeze || u >= Self.hIntegral(Double(k) + 0.5, exponent) - Self.h(Double(k), exponent) {
                return k - 1
            }
        }
    }

    // The helpers follow Apache Commons' RejectionInversionZipfSampler. They call libm,
    // which is imported internally, so they are not inlinable.

    /// H(x) = ((x)^(1-s) - 1) / (1-s), computed stably near s = 1 (where it tends to log x).
    @usableFromInline
    internal static func hIntegral(_ x: Double, _ s: Double) -> Double {
        let logX = log(x)
        return expm1OverX((1 - s) * logX) * logX
    }

    /// h(x) = x^(-s).
    @usableFromInline
    internal static func h(_ x: Double, _ s: Double) -> Double {
        exp(-s * log(x))
    }

    /// The inverse of ``hIntegral(_:_:)``.
    @usableFromInline
    internal static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
        // Keep log1p's argument in its domain; rounding can push it just below -1.
        let t = Swift.max(x * (1 - s), -1)
        return exp(log1pOverX(t) * x)
    }

    /// log(1 + x) / x, with its Taylor series near 0.
    private static func log1pOverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3.0 - x * 0.25))
    }

    /// (exp(x) - 1) / x, with its Taylor series near 0.
    private static func expm1OverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x / 3.0 * (1 + x * 0.25))
    }
}
