/// The credits an account used on one feature in a period (R21).
public struct FeatureUsage: Sendable, Hashable, ReportRow {
    /// The feature's catalog key.
    public let feature: String
    /// How many actions ran.
    public let timesRun: UInt64
    /// Credits used.
    public let creditsUsed: UInt64

    /// Creates a feature's usage.
    /// - Parameters:
    ///   - feature: the feature's catalog key.
    ///   - timesRun: how many actions ran.
    ///   - creditsUsed: credits used.
    public init(feature: String, timesRun: UInt64, creditsUsed: UInt64) {
        self.feature = feature
        self.timesRun = timesRun
        self.creditsUsed = creditsUsed
    }

    /// `feature, times_run, credits_used`.
    public static let columns = ["feature", "times_run", "credits_used"]

    /// The key, the count and the credits.
    public var values: [ReportValue] { [.text(feature), .unsigned(timesRun), .unsigned(creditsUsed)] }
}
