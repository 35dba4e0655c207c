/// A legacy credit pack and the monthly capacity it converts to (R15).
public enum LegacyPack: Int, Sendable, Hashable, CaseIterable, Codable {
    /// A pack of 100 legacy credits: 3,000 credits a month.
    case hundred = 100
    /// A pack of 1,000 legacy credits: 15,000 credits a month.
    case thousand = 1_000
    /// A pack of 10,000 legacy credits: 125,000 credits a month.
    case tenThousand = 10_000

    /// The pack of a legacy size.
    /// - Parameter size: 100, 1,000 or 10,000.
    /// - Throws: ``BillingError/unknownLegacyPackSize(_:)`` for any other size.
    public init(size: Int) throws(BillingError) {
        guard let pack = LegacyPack(rawValue: size) else { throw .unknownLegacyPackSize(size) }
        self = pack
    }

    /// The monthly capacity one pack converts to, in credits.
    public var monthlyCredits: UInt64 {
        switch self {
        case .hundred: 3_000
        case .thousand: 15_000
        case .tenThousand: 125_000
        }
    }

    /// The monthly capacity of several legacy packs, summed: two packs of 100 give 6,000.
    /// - Parameter sizes: one entry per pack held, each 100, 1,000 or 10,000.
    /// - Returns: the capacity in credits; every rate is a multiple of 1,000, so it is
    ///   also `result / 1_000` whole capacity packs.
    /// - Throws: ``BillingError/unknownLegacyPackSize(_:)`` when any size is unknown
    ///   (nothing is converted), ``BillingError/amountOverflow`` for absurd counts.
    /// - Complexity: O(n).
    public static func monthlyCredits(forSizes sizes: [Int]) throws(BillingError) -> UInt64 {
        var total: UInt64 = 0
        for size in sizes {
            let (sum, overflow) = total.addingReportingOverflow(try LegacyPack(size: size).monthlyCredits)
            guard !overflow else { throw .amountOverflow }
            total = sum
        }
        return total
    }
}
