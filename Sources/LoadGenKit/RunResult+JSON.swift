public import Foundation

extension RunResult {
    /// Every figure of the run as JSON, keys sorted, for CI and charts. The report's own
    /// keys are snake case; the entries of `timeline` and `latency_buckets` keep their
    /// types' names (`debitsPerSecond`, `p99Nanoseconds`, `lowerBound`, `upperBound`).
    /// - Parameter date: when the run happened (ISO 8601, UTC).
    /// - Returns: the report, pretty-printed with sorted keys (UTF-8).
    /// - Throws: the `EncodingError` of `JSONEncoder` when a figure cannot be encoded (a
    ///   non-finite `Double`).
    public func json(date: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(JSONReport(self, date: date))
    }
}
