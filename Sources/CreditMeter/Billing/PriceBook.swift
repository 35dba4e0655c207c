/// The prices an embedder charges, all in integer minor units of one currency.
public struct PriceBook: Sendable, Hashable {
    /// The currency every price and invoice is in.
    public let currency: Currency
    /// The price of one 1,000-credit capacity pack for one whole usage period (R9).
    public let packPriceMinorUnits: Int64
    /// The pay-as-you-go price of overage credits (R11).
    public let payAsYouGo: PayAsYouGoRate

    /// Creates a price book.
    /// - Parameters:
    ///   - currency: the currency of all prices.
    ///   - packPriceMinorUnits: one pack for one period, in minor units, zero or more.
    ///   - payAsYouGo: the overage rate.
    /// - Throws: ``BillingError/negativePrice(_:)`` when the pack price is negative.
    public init(currency: Currency, packPriceMinorUnits: Int64, payAsYouGo: PayAsYouGoRate) throws(BillingError) {
        guard packPriceMinorUnits >= 0 else { throw .negativePrice(packPriceMinorUnits) }
        self.currency = currency
        self.packPriceMinorUnits = packPriceMinorUnits
        self.payAsYouGo = payAsYouGo
    }

    /// Creates a price book from a currency code.
    /// - Parameters:
    ///   - currencyCode: an active ISO 4217 code.
    ///   - packPriceMinorUnits: one pack for one period, in minor units, zero or more.
    ///   - payAsYouGo: the overage rate.
    /// - Throws: ``BillingError/unknownCurrency(_:)`` or ``BillingError/negativePrice(_:)``.
    public init(currencyCode: String, packPriceMinorUnits: Int64, payAsYouGo: PayAsYouGoRate) throws(BillingError) {
        try self.init(currency: Currency(code: currencyCode),
                      packPriceMinorUnits: packPriceMinorUnits, payAsYouGo: payAsYouGo)
    }
}
