/// A product family an account subscribes to (R1). The R2 table groups them in two tiers.
public enum ProductFamily: String, Sendable, Hashable, CaseIterable, Codable {
    case smartCRM, marketing, sales, service, content
    case dataHub, customerPlatform

    /// Whether the family is in R2's second row (Data Hub, Customer Platform), which
    /// includes more credits at Professional and Enterprise.
    public var isDataTier: Bool { self == .dataHub || self == .customerPlatform }
}
