extension PriceBook: Codable {
    private enum CodingKeys: String, CodingKey {
        case currency, packPriceMinorUnits, payAsYouGo
    }

    /// Decodes `{"currency": "USD", "packPriceMinorUnits": 1000,
    /// "payAsYouGo": {"minorUnits": 3, "perCredits": 2}}`, checking it like
    /// ``init(currency:packPriceMinorUnits:payAsYouGo:)``.
    /// - Parameter decoder: the decoder.
    /// - Throws: a `DecodingError` for malformed JSON, a ``BillingError`` for bad values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(currency: container.decode(Currency.self, forKey: .currency),
                      packPriceMinorUnits: container.decode(Int64.self, forKey: .packPriceMinorUnits),
                      payAsYouGo: container.decode(PayAsYouGoRate.self, forKey: .payAsYouGo))
    }

    /// Encodes the price book in the shape ``init(from:)`` reads.
    /// - Parameter encoder: the encoder.
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(currency, forKey: .currency)
        try container.encode(packPriceMinorUnits, forKey: .packPriceMinorUnits)
        try container.encode(payAsYouGo, forKey: .payAsYouGo)
    }
}
