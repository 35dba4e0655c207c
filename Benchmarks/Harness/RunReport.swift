/// A whole run: the machine and every case result. Encodes to the `--json` document
/// `{"machine": {...}, "cases": [{"name", "threads", "ops_per_sec": {...}, ...}]}`.
struct RunReport: Sendable, Codable {
    /// Where and how the run was measured.
    var machine: MachineInfo
    /// One result per case and thread count, in run order.
    var cases: [CaseResult]

    /// The JSON document, snake_case keys, sorted for stable diffs.
    /// - Returns: UTF-8 JSON text.
    func json() throws -> String { try JSONText.encode(self) }
}
