/// What the control plane did to each account, as far as the audit needs it: which accounts
/// it touched at all, and the loosest limits they may have had at any instant.
///
/// Every change is recorded BEFORE the operation is sent, so at any instant the log covers the
/// engine's state (a conservative bound for I1 even while the operation is in flight).
public struct ControlLog: Sendable {
    /// Accounts a control operation was sent to (they get the weaker, change-aware checks).
    public private(set) var touched: Set<Int> = []
    /// Accounts that may have been pay-as-you-go at some instant (usage may pass the limit).
    public private(set) var mayHaveBeenPayAsYouGo: Set<Int> = []
    /// Accounts that may have had purchased capacity (no longer a hard stop).
    public private(set) var mayHaveHadCapacity: Set<Int> = []
    /// Accounts whose cap may have been removed.
    public private(set) var capMayHaveBeenRemoved: Set<Int> = []
    /// Accounts whose cap may have moved (set, removed, or raised by a purchase), which
    /// re-arms the cap notifications: they may arrive again in the same period.
    public private(set) var capMayHaveMoved: Set<Int> = []
    /// The highest cap each account may have had set by a control operation.
    public private(set) var highestCapSet: [Int: UInt64] = [:]
    /// Operations sent, by name.
    public private(set) var sent: [String: Int] = [:]
    /// Operations the engine refused, by error text.
    public private(set) var refused: [String: Int] = [:]
    /// Probe debits sent after a pause or resume (see `ControlPlane`).
    public private(set) var probes = 0
    /// Probes whose decision did not match the pauses in force, with the first few texts.
    public private(set) var probeFailures = 0
    /// The first ``keptProbeFailures`` probe failures, described.
    public private(set) var probeFailureTexts: [String] = []
    /// How many probe failure texts the log keeps.
    public static let keptProbeFailures = 20

    /// An empty log.
    public init() {}

    /// Records an operation about to be sent.
    /// - Parameter operation: the operation, recorded before it is sent.
    public mutating func record(_ operation: ControlOperation) {
        touched.insert(operation.account)
        sent[operation.kind.name, default: 0] += 1
        switch operation.kind {
        case .buyCapacity:
            mayHaveHadCapacity.insert(operation.account)
            capMayHaveMoved.insert(operation.account)
        case .setCap(nil):
            capMayHaveBeenRemoved.insert(operation.account)
            capMayHaveMoved.insert(operation.account)
        case .setCap(let cap?):
            highestCapSet[operation.account] = max(cap, highestCapSet[operation.account] ?? 0)
            capMayHaveMoved.insert(operation.account)
        case .setOverageMode(true): mayHaveBeenPayAsYouGo.insert(operation.account)
        case .setOverageMode(false), .pauseAccount, .resumeAccount, .pauseFeature, .resumeFeature: break
        }
    }

    /// Records a probe debit's verdict.
    /// - Parameters:
    ///   - right: whether its decision matched the pauses in force.
    ///   - text: what went wrong, built only when it did.
    public mutating func recordProbe(right: Bool, _ text: @autoclosure () -> String) {
        probes += 1
        guard !right else { return }
        probeFailures += 1
        if probeFailureTexts.count < Self.keptProbeFailures { probeFailureTexts.append(text()) }
    }

    /// Records the engine's refusal of an operation (a typed error, not a violation).
    /// - Parameter error: the engine's error text; it is counted under its part before the
    ///   first `:` or `(`.
    public mutating func recordRefusal(_ error: String) {
        let kind = error.prefix { $0 != ":" && $0 != "(" }
        refused[String(kind), default: 0] += 1
    }
}
