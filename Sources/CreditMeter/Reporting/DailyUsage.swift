/// The credits an account used on one UTC day (R21).
public struct DailyUsage: Sendable, Hashable, ReportRow {
    /// The day.
    public let day: CalendarDay
    /// Credits used that day.
    public let creditsUsed: UInt64

    /// Creates a day's usage.
    /// - Parameters:
    ///   - day: the day.
    ///   - creditsUsed: credits used that day.
    public init(day: CalendarDay, creditsUsed: UInt64) {
        self.day = day
        self.creditsUsed = creditsUsed
    }

    /// `day, credits_used`.
    public static let columns = ["day", "credits_used"]

    /// The day as `YYYY-MM-DD` and the credits.
    public var values: [ReportValue] { [.text(day.description), .unsigned(creditsUsed)] }
}
