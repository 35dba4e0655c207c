/// One line of an account's usage log (R21): per day and action, the rate, how many times
/// it ran and the credits used.
public struct UsageLogEntry: Sendable, Hashable, Codable {
    /// The day.
    public let day: CalendarDay
    /// The feature key.
    public let feature: String
    /// Credits per action on that line (0 in a grace window).
    public let creditsPerAction: UInt64
    /// How many actions ran.
    public let timesRun: UInt64
    /// Credits used: `creditsPerAction × timesRun`.
    public let creditsUsed: UInt64

    /// Creates a log line.
    /// - Parameters:
    ///   - day: the day.
    ///   - feature: the feature key.
    ///   - creditsPerAction: the rate.
    ///   - timesRun: the count of actions.
    ///   - creditsUsed: the credits used.
    public init(day: CalendarDay, feature: String, creditsPerAction: UInt64, timesRun: UInt64, creditsUsed: UInt64) {
        self.day = day
        self.feature = feature
        self.creditsPerAction = creditsPerAction
        self.timesRun = timesRun
        self.creditsUsed = creditsUsed
    }
}
