/// A subscription's edition, ordered from the smallest to the largest (R1, R4).
public enum Edition: Int, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    /// Starter, the smallest edition.
    case starter = 0
    /// Professional, above Starter.
    case professional = 1
    /// Enterprise, the largest edition.
    case enterprise = 2

    /// Orders by the underlying value.
    /// - Parameters:
    ///   - lhs: an edition.
    ///   - rhs: another edition.
    /// - Returns: whether `lhs` is a smaller edition than `rhs`.
    public static func < (lhs: Edition, rhs: Edition) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The edition's name as written in the catalog JSON: `starter`, `professional`, `enterprise`.
    public var description: String {
        switch self {
        case .starter: "starter"
        case .professional: "professional"
        case .enterprise: "enterprise"
        }
    }
}
