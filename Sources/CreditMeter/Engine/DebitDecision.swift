/// The engine's answer to one debit.
public enum DebitDecision: Sendable, Hashable {
    /// The debit ran: `charged` credits were added, bringing this period's usage to
    /// `usageAfter`, under the monthly limit `limit` in force at that instant (after any
    /// auto-upgrade the debit caused).
    case accepted(charged: UInt64, usageAfter: UInt64, limit: UInt64)
    /// The debit was refused and changed nothing.
    case refused(Refusal)

    /// Whether the debit was accepted.
    @inlinable
    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }

    /// The refusal reason, or `nil` when accepted.
    @inlinable
    public var refusal: Refusal? {
        if case .refused(let reason) = self { return reason }
        return nil
    }

    /// Credits charged; 0 when refused.
    @inlinable
    public var charged: UInt64 {
        if case .accepted(let charged, _, _) = self { return charged }
        return 0
    }
}
