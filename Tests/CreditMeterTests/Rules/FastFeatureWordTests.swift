@testable import CreditMeter
import Testing

/// The fast path's packed catalog word keeps every field it packs.
@Suite("Fast feature word")
struct FastFeatureWordTests {
    @Test("first day, rate and minimum edition come back as packed, at their extremes",
          arguments: [Int32.min, -1, 0, 20_454, Int32.max], [0, 1, FeatureRate.maximumCredits])
    func roundTrip(fastFrom: Int32, rate: UInt32) {
        for edition in [UInt8(0), 3, .max] {
            let word = _FastFeature.word(fastFrom: fastFrom, rate: rate, minimumEdition: edition)
            #expect(_FastFeature.fastFrom(word) == fastFrom)
            #expect(_FastFeature.rate(word) == rate)
            #expect(_FastFeature.minimumEdition(word) == edition)
        }
    }
}
