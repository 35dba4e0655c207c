#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MeterTools
import Testing

@Suite("Zipf distribution")
struct ZipfDistributionTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        let count: Int
        let exponent: Double
        var testDescription: String { "n \(count), s \(exponent)" }
    }

    static let shapes: [Shape] = [
        Shape(count: 1, exponent: 1.1),
        Shape(count: 2, exponent: 1.1),
        Shape(count: 1_000, exponent: 1.0),
        Shape(count: 1_000, exponent: 1.1),
        Shape(count: 100_000, exponent: 0.8),
        Shape(count: 10_000_000, exponent: 1.1),
        Shape(count: 50, exponent: 2.0),
    ]

    /// The generalized harmonic number H(n, s), summed smallest terms first.
    func harmonic(_ shape: Shape) -> Double {
        stride(from: shape.count, through: 1, by: -1).reduce(0) { $0 + 1 / pow(Double($1), shape.exponent) }
    }

    @Test("samples stay in range; ranks 0 and 1 and the band 10..<100 follow 1/k^s", arguments: shapes)
    func frequencies(_ shape: Shape) throws {
        let zipf = try #require(ZipfDistribution(count: shape.count, exponent: shape.exponent))
        var generator = Xoshiro256(seed: 2026)
        let draws = 200_000
        let samples = (0..<draws).map { _ in zipf.sample(using: &generator) }
        #expect(samples.allSatisfy { $0 >= 0 && $0 < shape.count })
        let normalizer = harmonic(shape)
        // P(rank k) = (k + 1)^-s / H(n, s), summed over each checked set of ranks.
        let checks = [0..<1, 1..<2, 10..<100].filter { $0.upperBound <= shape.count }
        for ranks in checks {
            let p = ranks.reduce(0) { $0 + 1 / pow(Double($1 + 1), shape.exponent) } / normalizer
            let hits = samples.count { ranks.contains($0) }
            let expected = p * Double(draws)
            // Six binomial standard deviations: a fixed seed makes this deterministic anyway.
            let tolerance = 6 * (expected * (1 - p)).squareRoot() + 1
            #expect(abs(Double(hits) - expected) <= tolerance, "ranks \(ranks): \(hits) vs \(expected)")
        }
    }

    @Test("invalid parameters are refused", arguments: [(0, 1.1), (-5, 1.1), (10, 0), (10, -1), (10, .nan), (10, .infinity)])
    func invalid(count: Int, exponent: Double) {
        #expect(ZipfDistribution(count: count, exponent: exponent) == nil)
    }
}
