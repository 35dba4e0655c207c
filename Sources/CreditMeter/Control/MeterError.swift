/// What the control plane refuses, as a typed error (I6). A thrown error leaves the
/// account as it was, except that a period that had already ended by the clock is closed
/// (R6): the call touched the account, and closing a due period is what any touch does.
public enum MeterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No open account has this id.
    case unknownAccount(AccountID)
    /// An open account already has this id.
    case duplicateAccount(AccountID)
    /// Account id 0 is reserved.
    case invalidAccountID
    /// No feature with this key or index.
    case unknownFeature(String)
    /// A count or amount is zero, negative or too large.
    case invalidQuantity(String)
    /// A malformed catalog, subscription list, anchor day, cap or other setting.
    case invalidConfiguration(String)

    /// A one-line reason for logs and command-line tools.
    public var description: String {
        switch self {
        case .unknownAccount(let id): "unknown account \(id.rawValue)"
        case .duplicateAccount(let id): "account \(id.rawValue) is already open"
        case .invalidAccountID: "account id 0 is reserved"
        case .unknownFeature(let key): "unknown feature \(key)"
        case .invalidQuantity(let why): "invalid quantity: \(why)"
        case .invalidConfiguration(let why): "invalid configuration: \(why)"
        }
    }
}
