/// A feature's price from a day on, in whole credits per action (R16).
public struct FeatureRate: Sendable, Hashable, Codable {
    /// The first day this rate is in force.
    public var from: CalendarDay
    /// Whole credits charged per action, 0...``FeatureRate/maximumCredits``.
    public var credits: UInt32

    /// The largest rate a catalog may set, so that a quantity times a rate never overflows.
    public static let maximumCredits: UInt32 = 1_000_000

    /// Creates a rate.
    /// - Parameters:
    ///   - from: the first day it is in force.
    ///   - credits: whole credits per action.
    public init(from: CalendarDay, credits: UInt32) {
        self.from = from
        self.credits = credits
    }
}
