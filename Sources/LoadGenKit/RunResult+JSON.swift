public import Foundation

extension RunResult {
    /// Every figure of the run as JSON (keys in snake case, sorted), for CI and charts.
    /// - Parameter date: when the run happened (ISO 8601, UTC).
    public func json(date: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(JSONReport(self, date: date))
    }
}
