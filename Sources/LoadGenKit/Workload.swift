/// The shape of the debit traffic a run sends.
public enum Workload: String, CaseIterable, Sendable, Codable {
    /// Every account and feature equally likely.
    case uniform
    /// Accounts drawn from a zipf distribution (`--skew`): a few accounts take most debits.
    case zipf
    /// Nine debits in ten go to a handful of hot accounts: maximal contention on one row.
    case hot
    /// Zipf debits while a control task buys capacity, moves caps, pauses and switches modes.
    case mixed
    /// Zipf debits while the engine's manual clock moves through several usage periods.
    case rollover

    /// Whether control operations run alongside the debits.
    public var runsControlOperations: Bool { self == .mixed }

    /// How many usage periods the run walks through (the clock moves `periods - 1` times).
    public var periods: Int { self == .rollover ? 4 : 1 }
}
