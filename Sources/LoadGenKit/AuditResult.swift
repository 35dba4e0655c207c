/// The verdict of the exactness audit.
public struct AuditResult: Sendable, Codable, Equatable {
    /// Whether no violation was found.
    public var passed: Bool { violationCount == 0 }
    /// How many individual comparisons were made.
    public var checks: Int
    /// How many violations were found.
    public var violationCount: Int
    /// The first violations, in account order (at most `ExactnessAudit.keptViolations`).
    public var violations: [String]

    /// Creates a result.
    public init(checks: Int, violationCount: Int, violations: [String]) {
        self.checks = checks
        self.violationCount = violationCount
        self.violations = violations
    }

    /// `PASS (n checks)` or `FAIL` followed by the first ten violations, one a line.
    public var text: String {
        if passed { return "audit: PASS (\(checks) checks: I1 I2 I3 I5, auto-upgrade packs)" }
        var lines = ["audit: FAIL, \(violationCount) violation(s) in \(checks) checks; the first \(min(10, violationCount)):"]
        lines += violations.prefix(10).map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }
}
