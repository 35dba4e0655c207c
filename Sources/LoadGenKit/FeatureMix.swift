public import CreditMeter

/// The features the workers debit: up to 12 of the catalog, with the price of one action
/// on the run's first day (R16).
public struct FeatureMix: Sendable {
    /// The most features a run spreads debits over (bounds the shadow books' memory).
    public static let maximumCount = 12

    /// The engine's index of each feature, in mix order.
    public let indices: [FeatureIndex]
    /// Credits per action, in mix order.
    public let costs: [UInt64]
    /// The lowest edition each feature may be debited from (R4), in mix order.
    public let minimumEditions: [Edition]

    /// Creates a mix from parallel arrays.
    /// - Parameters:
    ///   - indices: the engine's index of each feature, in mix order.
    ///   - costs: credits per action, in mix order.
    ///   - minimumEditions: the lowest edition each feature may be debited from, in mix order.
    public init(indices: [FeatureIndex], costs: [UInt64], minimumEditions: [Edition]) {
        self.indices = indices
        self.costs = costs
        self.minimumEditions = minimumEditions
    }

    /// The number of features.
    public var count: Int { indices.count }

    /// The position in the mix of an engine feature index, if it is in the mix.
    /// - Parameter index: an engine feature index.
    /// - Returns: its position in the mix, or `nil` when the mix does not have it.
    public func position(of index: FeatureIndex) -> Int? { indices.firstIndex(of: index) }
}
