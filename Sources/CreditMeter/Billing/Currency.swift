/// An ISO 4217 currency and the exponent of its minor unit.
///
/// Money is always an integer count of minor units (cents for USD, yen for JPY, fils for
/// KWD); no floating point is used anywhere in billing.
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// The three-letter ISO 4217 code, upper case.
    public let code: String
    /// How many decimal places the minor unit has: 2 for USD, 0 for JPY, 3 for KWD.
    public let minorUnitExponent: Int

    /// Looks a currency up by its ISO 4217 code.
    /// - Parameter code: an active ISO 4217 code; case-insensitive.
    /// - Throws: ``BillingError/unknownCurrency(_:)`` when the code is not an active
    ///   ISO 4217 currency with a minor unit (precious metals and test codes have none).
    /// - Complexity: O(1).
    public init(code: String) throws(BillingError) {
        let upper = code.uppercased()
        guard let exponent = Currency.iso4217Exponents[upper] else {
            throw .unknownCurrency(code)
        }
        self.code = upper
        self.minorUnitExponent = exponent
    }

    /// An amount written with the currency's decimal places, for people: `12345` minor
    /// units of USD is `"123.45"`, of JPY `"12345"`, of KWD `"12.345"`.
    /// - Parameter minorUnits: the amount in minor units.
    /// - Returns: the amount as a decimal string, with a leading `-` when negative.
    public func decimalString(minorUnits: Int64) -> String {
        let digits = String(minorUnits.magnitude)
        let sign = minorUnits < 0 ? "-" : ""
        guard minorUnitExponent > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, minorUnitExponent + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -minorUnitExponent)
        return sign + padded[..<split] + "." + padded[split...]
    }

    /// The ISO 4217 code.
    public var description: String { code }
}
