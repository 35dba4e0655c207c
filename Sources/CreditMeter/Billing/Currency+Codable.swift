extension Currency: Codable {
    /// Decodes a bare ISO 4217 code, such as `"USD"`.
    /// - Parameter decoder: the decoder.
    /// - Throws: ``BillingError/unknownCurrency(_:)`` for an unknown code.
    public init(from decoder: any Decoder) throws {
        try self.init(code: decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the bare ISO 4217 code.
    /// - Parameter encoder: the encoder.
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
