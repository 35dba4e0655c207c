/// A product family an account subscribes to (R1). The R2 table groups them in two tiers.
public enum ProductFamily: String, Sendable, Hashable, CaseIterable, Codable {
    /// Smart CRM, a core hub (R2's first row).
    case smartCRM
    /// Marketing, a core hub (R2's first row).
    case marketing
    /// Sales, a core hub (R2's first row).
    case sales
    /// Service, a core hub (R2's first row).
    case service
    /// Content, a core hub (R2's first row).
    case content
    /// Data Hub, in R2's second row (``isDataTier``).
    case dataHub
    /// Customer Platform, in R2's second row (``isDataTier``).
    case customerPlatform

    /// Whether the family is in R2's second row (Data Hub, Customer Platform), which
    /// includes more credits at Professional and Enterprise.
    public var isDataTier: Bool { self == .dataHub || self == .customerPlatform }
}
