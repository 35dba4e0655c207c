/// A feature resolved once from its key: the dense index the hot path uses (R16).
/// Indexes stay stable when the catalog is replaced; a removed feature's index refuses.
public struct FeatureIndex: Sendable, Hashable, Comparable {
    /// The position of the feature in the ledger's feature table.
    public let rawValue: UInt16

    /// Wraps a raw index; debits with an index the ledger does not know are refused.
    /// - Parameter rawValue: the index.
    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Orders by the underlying value.
    /// - Parameters:
    ///   - lhs: a feature index.
    ///   - rhs: another feature index.
    /// - Returns: whether `lhs`'s raw index is below `rhs`'s.
    public static func < (lhs: FeatureIndex, rhs: FeatureIndex) -> Bool { lhs.rawValue < rhs.rawValue }
}
