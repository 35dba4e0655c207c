/// One subscription of an account: a product family at an edition (R1).
public struct Subscription: Sendable, Hashable, Codable {
    /// The product family.
    public var family: ProductFamily
    /// The edition of that family.
    public var edition: Edition

    /// Creates a subscription.
    /// - Parameters:
    ///   - family: the product family.
    ///   - edition: its edition.
    public init(_ family: ProductFamily, _ edition: Edition) {
        self.family = family
        self.edition = edition
    }

    /// The credits this subscription alone includes per month (the R2 table).
    public var includedCredits: UInt64 {
        switch (family.isDataTier, edition) {
        case (_, .starter): 500
        case (false, .professional): 3_000
        case (false, .enterprise): 5_000
        case (true, .professional): 5_000
        case (true, .enterprise): 10_000
        }
    }
}

extension Sequence<Subscription> {
    /// The credits included per month: the largest that any subscription gives, never a
    /// sum (R2). Marketing Professional + Data Hub Professional gives 5,000, not 8,000.
    /// - Returns: the largest `includedCredits`, or 0 with no subscription.
    public var includedCredits: UInt64 { lazy.map(\.includedCredits).max() ?? 0 }

    /// The account's highest edition, which gates features (R4).
    /// - Returns: the largest edition, or `nil` with no subscription.
    public var highestEdition: Edition? { lazy.map(\.edition).max() }
}
