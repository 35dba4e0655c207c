/// Capacity is bought in whole packs of 1,000 credits (R9, R11).
public enum CapacityPack {
    /// Credits in one pack.
    public static let credits: UInt64 = 1_000

    /// The smallest number of packs that covers `credits` (R11's auto-upgrade rule).
    /// - Parameter credits: credits to cover.
    /// - Returns: `ceil(credits / 1,000)`, for every `credits` (no overflow).
    @inlinable
    public static func packsCovering(_ credits: UInt64) -> UInt64 { credits / 1_000 + (credits % 1_000 == 0 ? 0 : 1) }
}
