/// The one pricing formula every invoice line uses (R9, R11, R22).
///
/// `amount = round_half_up(quantity × rate × daysCharged / (ratePer × periodDays))`
///
/// - Packs bought or auto-upgraded on day `d` of a period ending (exclusive) on `end`:
///   `quantity` packs at the pack price (`ratePer` 1), `daysCharged = end − d` (the
///   purchase day counts), `periodDays` the period's length. Bought on the first day, a
///   pack costs its full price; on the last day, one day's worth.
/// - Packs held at the start of a period: the same with `daysCharged = periodDays`.
/// - Overage: `quantity` billed credits at the pay-as-you-go fraction, whole period.
///
/// Rounding is half-up (0.5 goes up) to a whole minor unit, applied once to the line's
/// total, never per pack or per day, so splitting a purchase cannot change its price by
/// more than one minor unit.
public enum Proration {
    /// The amount of one invoice line, in minor units.
    /// - Parameters:
    ///   - quantity: packs, or credits for overage; zero or more.
    ///   - rateMinorUnits: the price of `ratePer` units for a whole period; zero or more.
    ///   - ratePer: how many units `rateMinorUnits` prices; one or more.
    ///   - daysCharged: the days charged, `0...periodDays`.
    ///   - periodDays: the length of the period, one or more.
    /// - Returns: the amount rounded half-up to a whole minor unit.
    /// - Throws: ``BillingError/invalidPacks(_:)`` for a negative quantity,
    ///   ``BillingError/negativePrice(_:)``, ``BillingError/invalidRate(minorUnits:perCredits:)``
    ///   for a `ratePer` below one, ``BillingError/invalidProration(daysCharged:periodDays:)``,
    ///   and ``BillingError/amountOverflow`` when the amount does not fit in 64 bits, or
    ///   quantity × rate × days does not fit in 128 bits (the products are taken in 128
    ///   bits, so an amount that fits is not refused for a large intermediate product).
    /// - Complexity: O(1).
    public static func amount(quantity: Int64, rateMinorUnits: Int64, ratePer: Int64 = 1,
                              daysCharged: Int, periodDays: Int) throws(BillingError) -> Int64 {
        guard quantity >= 0 else { throw .invalidPacks(Int(clamping: quantity)) }
        guard rateMinorUnits >= 0 else { throw .negativePrice(rateMinorUnits) }
        guard ratePer > 0 else { throw .invalidRate(minorUnits: rateMinorUnits, perCredits: ratePer) }
        guard periodDays > 0, (0...periodDays).contains(daysCharged) else {
            throw .invalidProration(daysCharged: daysCharged, periodDays: periodDays)
        }
        // In 128 bits, so that a result that fits 64 bits is not refused for a large
        // intermediate product; quantity × rate fits, and the days are checked.
        let (numerator, o1) = (Int128(quantity) * Int128(rateMinorUnits)).multipliedReportingOverflow(by: Int128(daysCharged))
        let (denominator, o2) = Int128(ratePer).multipliedReportingOverflow(by: Int128(periodDays))
        guard !o1, !o2, let amount = Int64(exactly: dividedRoundingHalfUp(numerator, by: denominator)) else { throw .amountOverflow }
        return amount
    }

    /// `numerator / denominator` rounded half-up to an integer. Internal: ``amount(quantity:rateMinorUnits:ratePer:daysCharged:periodDays:)``
    /// checks its arguments first.
    /// - Parameters:
    ///   - numerator: zero or more.
    ///   - denominator: one or more.
    /// - Returns: the nearest integer; exact halves round up.
    /// - Complexity: O(1).
    static func dividedRoundingHalfUp<Value: BinaryInteger>(_ numerator: Value, by denominator: Value) -> Value {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        // remainder ≥ denominator − remainder ⇔ 2·remainder ≥ denominator, without overflow.
        return remainder >= denominator - remainder ? quotient + 1 : quotient
    }
}
