import CreditMeter
import Testing

extension BillingTests {
    /// R15: legacy packs convert at 100 → 3,000, 1,000 → 15,000, 10,000 → 125,000, summed.
    @Suite("R15 legacy pack migration")
    struct LegacyPackTests {
        static let conversions: [(sizes: [Int], credits: UInt64)] = [
            ([100, 100], 6_000),
            ([100], 3_000),
            ([1_000], 15_000),
            ([10_000], 125_000),
            ([100, 1_000, 10_000], 143_000),
            ([], 0),
        ]

        @Test("R15 legacy packs convert and sum", arguments: conversions)
        func convert(sizes: [Int], credits: UInt64) throws {
            #expect(try LegacyPack.monthlyCredits(forSizes: sizes) == credits)
        }

        /// The sizes, and the first unknown one the error names (found by a review: the
        /// expected size was worked out with `LegacyPack(rawValue:)`, the code under test).
        static let unknownSizes: [([Int], Int)] = [([500], 500), ([100, 250], 250), ([0], 0), ([-100], -100), ([250, 7], 250)]

        @Test("R15 an unknown pack size is a typed error", arguments: unknownSizes)
        func unknown(sizes: [Int], bad: Int) {
            #expect(throws: BillingError.unknownLegacyPackSize(bad)) {
                try LegacyPack.monthlyCredits(forSizes: sizes)
            }
        }
    }
}
