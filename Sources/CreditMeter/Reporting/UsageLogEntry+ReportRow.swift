extension UsageLogEntry: ReportRow {
    /// `day, feature, credits_per_action, times_run, credits_used`.
    public static let columns = ["day", "feature", "credits_per_action", "times_run", "credits_used"]

    /// The entry's values; the day as `YYYY-MM-DD`.
    public var values: [ReportValue] {
        [.text(day.description), .text(feature), .unsigned(creditsPerAction), .unsigned(timesRun), .unsigned(creditsUsed)]
    }
}
