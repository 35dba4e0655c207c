/// One debit through a resolved ``AccountHandle``, for the batch API: the batch skips the
/// registry lookup that a ``Debit`` by account id needs.
public struct HandleDebit: Sendable, Hashable {
    /// The account to charge, resolved with ``Ledger/handle(for:)``.
    public var handle: AccountHandle
    /// The feature used.
    public var feature: FeatureIndex
    /// How many actions, at least 1.
    public var quantity: UInt32
    /// The seat of the user the debit is made for; `nil` for an automation (R3).
    public var seat: Seat?
    /// The caller's idempotency id, passed to the ``DebitSink`` (see ``Debit/idempotencyKey``).
    public var idempotencyKey: UInt64?

    /// Creates a debit request through a handle.
    /// - Parameters:
    ///   - handle: the account's handle.
    ///   - feature: the feature used.
    ///   - quantity: how many actions, at least 1.
    ///   - seat: the user's seat, or `nil` for an automation.
    ///   - idempotencyKey: the caller's id for the debit, if any.
    @inlinable
    public init(handle: AccountHandle, feature: FeatureIndex, quantity: UInt32 = 1, seat: Seat? = nil, idempotencyKey: UInt64? = nil) {
        self.handle = handle
        self.feature = feature
        self.quantity = quantity
        self.seat = seat
        self.idempotencyKey = idempotencyKey
    }
}
