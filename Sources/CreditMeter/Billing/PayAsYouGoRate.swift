/// The pay-as-you-go price of credits as an exact fraction: `minorUnits` per `perCredits`
/// credits (R11).
///
/// A fraction keeps sub-cent prices exact: 1.5 cents a credit is `3` per `2` credits,
/// 0.25 cents a credit is `1` per `4` credits. The charge for `n` credits is
/// `n × minorUnits / perCredits` rounded half-up to a whole minor unit, once per invoice
/// line (see ``Proration``).
public struct PayAsYouGoRate: Sendable, Hashable {
    /// The price, in minor units, of `perCredits` credits.
    public let minorUnits: Int64
    /// How many credits `minorUnits` buys.
    public let perCredits: Int64

    /// Creates a rate.
    /// - Parameters:
    ///   - minorUnits: the price of `perCredits` credits in minor units, zero or more.
    ///   - perCredits: the number of credits priced, one or more.
    /// - Throws: ``BillingError/invalidRate(minorUnits:perCredits:)`` when `minorUnits`
    ///   is negative or `perCredits` is not positive.
    public init(minorUnits: Int64, perCredits: Int64) throws(BillingError) {
        guard minorUnits >= 0, perCredits > 0 else {
            throw .invalidRate(minorUnits: minorUnits, perCredits: perCredits)
        }
        self.minorUnits = minorUnits
        self.perCredits = perCredits
    }
}
