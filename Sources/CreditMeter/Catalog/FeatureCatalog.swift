public import Foundation

/// The list of credit-consuming features with their rates (R16). The embedder supplies
/// it, in code or as JSON; ``FeatureCatalog/example`` is a shipped example whose rates are
/// examples only.
public struct FeatureCatalog: Sendable, Hashable {
    /// The features, in the order given.
    public let features: [Feature]

    /// The most features a catalog may hold (indexes are 16-bit).
    public static let maximumFeatures = 4_096

    /// The most effective-dated rates one feature may list (the hot table counts them in
    /// 16 bits).
    public static let maximumRatesPerFeature = 65_535

    /// Builds a catalog after checking it.
    /// - Parameter features: features with unique keys and at least one rate each.
    /// - Throws: ``MeterError/invalidConfiguration(_:)`` for an empty or duplicate key, a
    ///   feature without rates or with more than ``maximumRatesPerFeature``, two rates on
    ///   the same day, a rate above ``FeatureRate/maximumCredits``, or more than
    ///   ``maximumFeatures`` features.
    public init(features: [Feature]) throws(MeterError) {
        guard features.count <= Self.maximumFeatures else {
            throw .invalidConfiguration("a catalog holds at most \(Self.maximumFeatures) features")
        }
        var seen = Set<String>()
        var checked: [Feature] = []
        for var feature in features {
            guard !feature.key.isEmpty else { throw .invalidConfiguration("a feature has an empty key") }
            guard seen.insert(feature.key).inserted else {
                throw .invalidConfiguration("feature key '\(feature.key)' appears twice")
            }
            guard !feature.rates.isEmpty else {
                throw .invalidConfiguration("feature '\(feature.key)' has no rate")
            }
            guard feature.rates.count <= Self.maximumRatesPerFeature else {
                throw .invalidConfiguration("feature '\(feature.key)' has more than \(Self.maximumRatesPerFeature) rates")
            }
            feature.rates.sort { $0.from < $1.from }
            for (a, b) in zip(feature.rates, feature.rates.dropFirst()) where a.from == b.from {
                throw .invalidConfiguration("feature '\(feature.key)' has two rates from \(a.from)")
            }
            if let high = feature.rates.first(where: { $0.credits > FeatureRate.maximumCredits }) {
                throw .invalidConfiguration("feature '\(feature.key)' rate \(high.credits) is above \(FeatureRate.maximumCredits)")
            }
            checked.append(feature)
        }
        self.features = checked
    }

    /// A catalog with no feature.
    public static let empty = FeatureCatalog(checked: [])

    /// Wraps features that already passed ``init(features:)``'s checks.
    private init(checked features: [Feature]) {
        self.features = features
    }

    /// Loads a catalog from JSON of the form
    /// `{"features": [{"key", "name", "category", "minimumEdition", "rates": [{"from": "YYYY-MM-DD", "credits"}]}]}`.
    /// - Parameter json: the UTF-8 JSON document.
    /// - Throws: ``MeterError/invalidConfiguration(_:)`` for malformed JSON, an unknown
    ///   category or edition, a bad date, or any check of ``init(features:)``.
    public init(json: Data) throws(MeterError) {
        let document: CatalogDocument
        do {
            document = try JSONDecoder().decode(CatalogDocument.self, from: json)
        } catch {
            throw .invalidConfiguration("catalog JSON: \(error)")
        }
        var features: [Feature] = []
        for entry in document.features {
            guard let category = FeatureCategory(rawValue: entry.category) else {
                throw .invalidConfiguration("feature '\(entry.key)' has unknown category '\(entry.category)'")
            }
            let edition = try Self.edition(named: entry.minimumEdition ?? "starter", feature: entry.key)
            var rates: [FeatureRate] = []
            for rate in entry.rates {
                guard let day = Self.day(parsing: rate.from) else {
                    throw .invalidConfiguration("feature '\(entry.key)' has a bad date '\(rate.from)'")
                }
                guard rate.credits >= 0, rate.credits <= Int(FeatureRate.maximumCredits) else {
                    throw .invalidConfiguration("feature '\(entry.key)' has rate \(rate.credits) outside 0...\(FeatureRate.maximumCredits)")
                }
                rates.append(FeatureRate(from: day, credits: UInt32(rate.credits)))
            }
            features.append(Feature(key: entry.key, name: entry.name ?? entry.key, category: category, minimumEdition: edition, rates: rates))
        }
        try self.init(features: features)
    }

    /// The feature with `key`, if any.
    /// - Parameter key: the feature key.
    /// - Returns: the feature or `nil`.
    public func feature(_ key: String) -> Feature? { features.first { $0.key == key } }

    static func edition(named name: String, feature: String) throws(MeterError) -> Edition {
        guard let edition = Edition.allCases.first(where: { $0.description == name }) else {
            throw .invalidConfiguration("feature '\(feature)' has unknown edition '\(name)'")
        }
        return edition
    }

    /// Parses `YYYY-MM-DD`.
    static func day(parsing text: String) -> CalendarDay? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    private struct CatalogDocument: Decodable {
        struct Entry: Decodable {
            let key: String
            let name: String?
            let category: String
            let minimumEdition: String?
            let rates: [Rate]
        }
        struct Rate: Decodable {
            let from: String
            let credits: Int
        }
        let features: [Entry]
    }
}
