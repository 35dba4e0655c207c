/// The embedder's id for an account. Zero is reserved.
public struct AccountID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The raw id.
    public let rawValue: UInt64

    /// Wraps a raw id; opening an account with id 0 throws ``MeterError/invalidAccountID``.
    /// - Parameter rawValue: the embedder's id.
    @inlinable
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// Orders by the underlying value.
    /// - Parameters:
    ///   - lhs: an account id.
    ///   - rhs: another account id.
    /// - Returns: whether `lhs`'s raw id is below `rhs`'s.
    public static func < (lhs: AccountID, rhs: AccountID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The decimal id.
    public var description: String { String(rawValue) }
}
