/// A subscription's edition, ordered from the smallest to the largest (R1, R4).
public enum Edition: Int, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case starter = 0
    case professional = 1
    case enterprise = 2

    /// Orders by the underlying value.
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
