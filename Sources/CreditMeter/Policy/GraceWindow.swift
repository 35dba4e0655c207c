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

extension GraceWindow {
    /// The union of `windows` from `day` on, as the fewest disjoint windows in day order:
    /// overlapping and adjacent windows merge, and days before `day` are left out.
    /// - Parameters:
    ///   - windows: the windows, in any order.
    ///   - day: the first day that matters.
    /// - Returns: disjoint, non-adjacent windows, each ending after `day`.
    /// - Complexity: O(n log n) for `n` windows.
    static func union(_ windows: [GraceWindow], from day: CalendarDay) -> [GraceWindow] {
        var merged: [GraceWindow] = []
        for window in windows.filter({ $0.until > day }).sorted(by: { $0.from < $1.from }) {
            if let last = merged.last, window.from <= last.until {
                merged[merged.count - 1].until = max(last.until, window.until)
            } else {
                merged.append(window)
            }
        }
        return merged
    }
}
