/// One line of the usage log (R21): on `day`, `feature` ran `timesRun` times at
/// `creditsPerAction` credits each, using `creditsUsed` credits.
///
/// `creditsUsed` is what was debited, so it is 0 for a feature free in a grace window
/// (R18) and the log sums to the accepted debits (I3).
public struct UsageLogEntry: Sendable, Hashable, Codable {
    /// The UTC day of the actions.
    public let day: CalendarDay
    /// The feature's catalog key.
    public let feature: String
    /// The rate in force for these actions, in credits per action (R16).
    public let creditsPerAction: UInt64
    /// How many actions ran.
    public let timesRun: UInt64
    /// The credits debited for them.
    public let creditsUsed: UInt64

    /// Creates a log entry.
    /// - Parameters:
    ///   - day: the UTC day of the actions.
    ///   - feature: the feature's catalog key.
    ///   - creditsPerAction: the rate in force.
    ///   - timesRun: how many actions ran.
    ///   - creditsUsed: the credits debited for them.
    public init(day: CalendarDay, feature: String, creditsPerAction: UInt64, timesRun: UInt64, creditsUsed: UInt64) {
        self.day = day
        self.feature = feature
        self.creditsPerAction = creditsPerAction
        self.timesRun = timesRun
        self.creditsUsed = creditsUsed
    }
}
