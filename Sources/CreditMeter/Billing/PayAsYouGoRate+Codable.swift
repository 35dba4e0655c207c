extension PayAsYouGoRate: Codable {
    private enum CodingKeys: String, CodingKey {
        case minorUnits, perCredits
    }

    /// Decodes `{"minorUnits": 3, "perCredits": 2}`, checking it like
    /// ``init(minorUnits:perCredits:)``.
    /// - Parameter decoder: the decoder.
    /// - Throws: a `DecodingError` for malformed JSON, ``BillingError/invalidRate(minorUnits:perCredits:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(minorUnits: container.decode(Int64.self, forKey: .minorUnits),
                      perCredits: container.decode(Int64.self, forKey: .perCredits))
    }

    /// Encodes the rate in the shape ``init(from:)`` reads.
    /// - Parameter encoder: the encoder.
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(minorUnits, forKey: .minorUnits)
        try container.encode(perCredits, forKey: .perCredits)
    }
}
