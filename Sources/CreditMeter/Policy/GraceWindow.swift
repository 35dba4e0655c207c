/// A window of days `[from, until)` during which a feature is free for one account (R18):
/// its debits succeed, cost 0 credits, and are still logged as usage.
public struct GraceWindow: Sendable, Hashable, Codable {
    /// The first free day.
    public var from: CalendarDay
    /// The first day that is charged again.
    public var until: CalendarDay

    /// Creates a grace window.
    /// - Parameters:
    ///   - from: the first free day.
    ///   - until: the first charged day after the window; must be after `from`.
    public init(from: CalendarDay, until: CalendarDay) {
        self.from = from
        self.until = until
    }

    /// Whether `day` is inside the window.
    /// - Parameter day: the day to test.
    /// - Returns: `from <= day < until`.
    @inlinable
    public func contains(_ day: CalendarDay) -> Bool { from <= day && day < until }
}
