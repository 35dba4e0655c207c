@testable import CreditMeter
import Testing

/// The hot catalog's layout: the fast words the fast path prices with, and the link from
/// them back to the full table.
@Suite("Hot catalog")
struct HotCatalogTests {
    @Test("fast words: absent features, free latest rates and future-dated rates stay off the fast path")
    func fastWords() throws {
        let later = Fixtures.start.adding(days: 10)
        let catalog = try FeatureCatalog(features: [
            Feature(key: "paid", name: "Paid", category: .workflowCRM, minimumEdition: .professional,
                    rates: [FeatureRate(from: Fixtures.catalogStart, credits: 7)]),
            Feature(key: "free", name: "Free", category: .workflowCRM, rates: [FeatureRate(from: Fixtures.catalogStart, credits: 0)]),
            Feature(key: "later", name: "Later", category: .workflowCRM,
                    rates: [FeatureRate(from: Fixtures.catalogStart, credits: 2), FeatureRate(from: later, credits: 3)]),
        ])
        let table = _HotCatalog.publish(_HotCatalog(features: catalog.features.map { Optional($0) }))
        defer { table.pointee.free(); table.deallocate() }
        let fast = table.pointee.fast
        #expect(_HotCatalog.table(at: fast) == table)
        #expect(_FastFeature.rate(fast[0]) == 7)
        #expect(_FastFeature.fastFrom(fast[0]) == Fixtures.catalogStart.daysSinceEpoch)
        #expect(_FastFeature.minimumEdition(fast[0]) == UInt8(Edition.professional.rawValue))
        #expect(_FastFeature.fastFrom(fast[1]) == .max)  // free: the checked path decides
        #expect(_FastFeature.fastFrom(fast[2]) == later.daysSinceEpoch)  // the latest rate's first day
        #expect(_FastFeature.rate(fast[2]) == 3)
        #expect(fast[3] == _FastFeature.absent)
        #expect(fast[FeatureCatalog.maximumFeatures - 1] == _FastFeature.absent)
    }
}
