/// A request to remove capacity packs (R14).
///
/// The removal waits for the end of the contract term the request falls in: until then
/// the packs, and the limit they give, stay; the renewal applies it.
public struct Downgrade: Sendable, Hashable, Codable {
    /// The day the admin asked for the removal.
    public let requestedOn: CalendarDay
    /// How many 1,000-credit packs to remove.
    public let packs: Int

    /// Creates a downgrade request.
    /// - Parameters:
    ///   - requestedOn: the day of the request.
    ///   - packs: packs to remove, one or more.
    /// - Throws: ``BillingError/invalidPacks(_:)`` when `packs` is not positive.
    public init(requestedOn: CalendarDay, packs: Int) throws(BillingError) {
        guard packs > 0 else { throw .invalidPacks(packs) }
        self.requestedOn = requestedOn
        self.packs = packs
    }

    /// Decodes a request, checking it like ``init(requestedOn:packs:)``.
    /// - Parameter decoder: the decoder.
    /// - Throws: a `DecodingError` for malformed input, ``BillingError/invalidPacks(_:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(requestedOn: container.decode(CalendarDay.self, forKey: .requestedOn),
                      packs: container.decode(Int.self, forKey: .packs))
    }
}
