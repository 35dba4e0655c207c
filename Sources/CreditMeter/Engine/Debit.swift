/// One debit request, for the batch API.
public struct Debit: Sendable, Hashable {
    /// The account to charge.
    public var account: AccountID
    /// The feature used.
    public var feature: FeatureIndex
    /// How many actions, at least 1.
    public var quantity: UInt32
    /// The seat of the user the debit is made for; `nil` for an automation (R3).
    public var seat: Seat?
    /// The caller's idempotency id. Passed to the ``DebitSink`` today; deduplication by
    /// it is planned and not yet enforced.
    public var idempotencyKey: UInt64?

    /// Creates a debit request.
    /// - Parameters:
    ///   - account: the account to charge.
    ///   - feature: the feature used.
    ///   - quantity: how many actions, at least 1.
    ///   - seat: the user's seat, or `nil` for an automation.
    ///   - idempotencyKey: the caller's id for the debit, if any.
    @inlinable
    public init(account: AccountID, feature: FeatureIndex, quantity: UInt32 = 1, seat: Seat? = nil, idempotencyKey: UInt64? = nil) {
        self.account = account
        self.feature = feature
        self.quantity = quantity
        self.seat = seat
        self.idempotencyKey = idempotencyKey
    }
}
