/// Which accounts a stream of debits touches.
enum AccessPattern: Sendable, CustomStringConvertible {
    /// Every account equally likely.
    case uniform(accounts: Int)
    /// Account `k` (0-based rank) with probability proportional to `1 / (k + 1)^exponent`.
    case zipf(accounts: Int, exponent: Double)

    /// How many accounts the pattern spreads over.
    var accounts: Int {
        switch self {
        case let .uniform(accounts), let .zipf(accounts, _): accounts
        }
    }

    /// A short label for case names.
    var description: String {
        switch self {
        case .uniform: "uniform"
        case .zipf: "zipf"
        }
    }
}
