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
    /// - Throws: ``MeterError/invalidConfiguration(_:)`` for malformed JSON, a field the
    ///   format does not have (a misspelt one included), a `null` minimum edition, an unknown
    ///   category or edition, a bad date (digits only), or any check of ``init(features:)``.
    ///   A key given twice in one object is read as its first value (Foundation's decoder
    ///   does not report it).
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

    /// The catalog as JSON in the form ``init(json:)`` loads, features in catalog order and
    /// every field written, so that `FeatureCatalog(json: catalog.jsonData())` gives the
    /// same catalog back. (The types' own `Codable` conformances are Swift's synthesized
    /// encodings, for storing values; this is the catalog file format.)
    /// - Returns: the UTF-8 JSON document, pretty-printed with sorted keys.
    /// - Throws: ``MeterError/invalidConfiguration(_:)`` when a rate starts outside the
    ///   years 0000–9999, which the format's `YYYY-MM-DD` cannot write.
    public func jsonData() throws(MeterError) -> Data {
        var entries: [CatalogDocument.Entry] = []
        for feature in features {
            var rates: [CatalogDocument.Rate] = []
            for rate in feature.rates {
                let text = rate.from.description
                guard Self.day(parsing: text) == rate.from else {
                    throw .invalidConfiguration("feature '\(feature.key)' has a rate from \(text), outside years 0000-9999")
                }
                rates.append(CatalogDocument.Rate(from: text, credits: Int(rate.credits)))
            }
            entries.append(CatalogDocument.Entry(key: feature.key, name: feature.name, category: feature.category.rawValue,
                                                 minimumEdition: feature.minimumEdition.description, rates: rates))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(CatalogDocument(features: entries))
        } catch {
            throw .invalidConfiguration("catalog JSON: \(error)")
        }
    }

    /// The feature with `key`, if any.
    /// - Parameter key: the feature key.
    /// - Returns: the feature or `nil`.
    /// - Complexity: O(features): a linear scan (a ledger resolves keys with its own index,
    ///   ``Ledger/feature(_:)``).
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
        // Digits only: Int("+1") would accept a sign (found by a review).
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    /// The JSON document. Every level refuses fields it does not know, so a misspelt field
    /// fails to load rather than fall back to its default: a `minimum_edition` typo once
    /// loaded the feature for every edition (found by a review, R4). An explicit
    /// `"minimumEdition": null` is refused too; leave the field out for `starter`.
    private struct CatalogDocument: Codable {
        struct Entry: Codable {
            let key: String
            let name: String?
            let category: String
            let minimumEdition: String?
            let rates: [Rate]

            private enum CodingKeys: String, CodingKey, CaseIterable { case key, name, category, minimumEdition, rates }

            init(key: String, name: String?, category: String, minimumEdition: String?, rates: [Rate]) {
                (self.key, self.name, self.category, self.minimumEdition, self.rates) = (key, name, category, minimumEdition, rates)
            }

            init(from decoder: any Decoder) throws {
                let container = try CatalogDocument.container(decoder, CodingKeys.self, in: "a feature")
                key = try container.decode(String.self, forKey: .key)
                name = try container.decodeIfPresent(String.self, forKey: .name)
                category = try container.decode(String.self, forKey: .category)
                if container.contains(.minimumEdition), try container.decodeNil(forKey: .minimumEdition) {
                    throw DecodingError.dataCorruptedError(forKey: .minimumEdition, in: container,
                                                           debugDescription: "minimumEdition is null; leave it out for starter")
                }
                minimumEdition = try container.decodeIfPresent(String.self, forKey: .minimumEdition)
                rates = try container.decode([Rate].self, forKey: .rates)
            }
        }
        struct Rate: Codable {
            let from: String
            let credits: Int

            private enum CodingKeys: String, CodingKey, CaseIterable { case from, credits }

            init(from: String, credits: Int) {
                self.from = from
                self.credits = credits
            }

            init(from decoder: any Decoder) throws {
                let container = try CatalogDocument.container(decoder, CodingKeys.self, in: "a rate")
                from = try container.decode(String.self, forKey: .from)
                credits = try container.decode(Int.self, forKey: .credits)
            }
        }
        let features: [Entry]

        private enum CodingKeys: String, CodingKey, CaseIterable { case features }

        init(features: [Entry]) { self.features = features }

        init(from decoder: any Decoder) throws {
            features = try Self.container(decoder, CodingKeys.self, in: "the catalog").decode([Entry].self, forKey: .features)
        }

        /// Any field name, to list what an object holds.
        private struct AnyKey: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// The keyed container of `decoder`, after checking that it holds no field outside
        /// `Keys`.
        static func container<Keys: CodingKey & CaseIterable>(
            _ decoder: any Decoder, _ keys: Keys.Type, in what: String
        ) throws -> KeyedDecodingContainer<Keys> {
            let known = Set(Keys.allCases.map(\.stringValue))
            if let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
                .filter({ !known.contains($0) }).sorted().first {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "unknown field '\(unknown)' in \(what)"))
            }
            return try decoder.container(keyedBy: Keys.self)
        }
    }
}
