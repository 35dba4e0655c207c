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
    /// Periods of untouched hard-stop accounts in which a debit was refused at the limit (I2).
    public var hardStopsAtLimit: Int
    /// Of those, the periods whose usage ended exactly at the limit.
    public var hardStopsExactlyAtLimit: Int

    /// Creates a result.
    /// - Parameters:
    ///   - checks: how many individual comparisons were made.
    ///   - violationCount: how many violations were found.
    ///   - violations: the first violation texts, in account order.
    ///   - hardStopsAtLimit: periods of untouched hard-stop accounts in which a debit was
    ///     refused at the limit.
    ///   - hardStopsExactlyAtLimit: of those, the periods whose usage ended exactly at the limit.
    public init(checks: Int, violationCount: Int, violations: [String], hardStopsAtLimit: Int = 0,
                hardStopsExactlyAtLimit: Int = 0) {
        self.checks = checks
        self.violationCount = violationCount
        self.violations = violations
        self.hardStopsAtLimit = hardStopsAtLimit
        self.hardStopsExactlyAtLimit = hardStopsExactlyAtLimit
    }

    /// `PASS (n checks)` or `FAIL` followed by the first ten violations, one a line.
    public var text: String {
        let limits = "\(hardStopsAtLimit) hard-stop period(s) refused at the limit, \(hardStopsExactlyAtLimit) ended exactly at it"
        if passed { return "audit: PASS (\(checks) checks: I1 I2 I3 I5, R2 R3 R4 R16 R17, auto-upgrade packs; \(limits))" }
        var lines = ["audit: FAIL, \(violationCount) violation(s) in \(checks) checks; the first \(min(10, violationCount)):"]
        lines += violations.prefix(10).map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }
}
