import CreditMeter
public import MeterTools

/// Everything one worker learns during the run; merged with the others' at the end.
public struct WorkerState: Sendable {
    /// Books kept from the decisions this worker received.
    public var book: ShadowBook
    /// Latency of every debit this worker sent, up to its last progress publication.
    public var latency = LatencyHistogram()
    /// Latency since the last progress publication (folded into `latency` at each one, so
    /// the hot path records into one histogram only).
    var interval = LatencyHistogram()
    /// Accepted debits.
    public var accepted: UInt64 = 0
    /// Refused debits, by `Refusal.rawValue`.
    public var refused = [UInt64](repeating: 0, count: Refusal.allCases.count)
    var lastTick = 0

    /// An empty state with books of the run's dimensions.
    /// - Parameters:
    ///   - accounts: accounts in the run.
    ///   - features: features in the mix.
    ///   - epochs: epochs in the run.
    public init(accounts: Int, features: Int, epochs: Int) {
        book = ShadowBook(accounts: accounts, features: features, epochs: epochs)
    }

    /// Books one decision and its latency.
    /// - Parameters:
    ///   - decision: what the engine answered.
    ///   - pick: the debit that was sent.
    ///   - cost: what the debit costs at the catalog rate: booked for an acceptance, and
    ///     the size of a refusal at the limit.
    ///   - ruleRefusal: the seat or edition refusal LoadGen expects (R3, R4), if any.
    ///   - epoch: the clock epoch it was sent in.
    ///   - nanoseconds: its latency.
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    mutating func settle(_ decision: DebitDecision, for pick: DebitPicker.Pick, cost: UInt64,
                         ruleRefusal: Refusal?, epoch: Int, nanoseconds: UInt64) {
        interval.record(nanoseconds)
        switch decision {
        case .accepted: accepted &+= 1
        case .refused(let refusal): refused[Int(refusal.rawValue)] &+= 1
        }
        book.book(decision, for: pick, cost: cost, ruleRefusal: ruleRefusal, epoch: epoch)
    }

    /// Publishes to the progress cell when the reporter started a new tick.
    @inline(__always)
    mutating func publishIfDue(tick: ProgressTick, cell: ProgressCell) {
        let now = tick.current
        guard now != lastTick else { return }
        publish(to: cell)
        lastTick = now
    }

    /// Publishes totals and the latencies since the last publication, and folds those into
    /// the worker's total.
    mutating func publish(to cell: ProgressCell) {
        cell.publish(accepted: accepted, refused: refused, interval: interval)
        latency.merge(interval)
        interval.reset()
    }

    /// Adds another worker's figures to this one.
    mutating func merge(_ other: WorkerState) {
        book.merge(other.book)
        latency.merge(other.latency)
        accepted &+= other.accepted
        for i in refused.indices { refused[i] &+= other.refused[i] }
    }
}
