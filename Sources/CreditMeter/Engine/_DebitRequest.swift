/// What the debit paths read of a request: the feature, the quantity, the seat and the
/// idempotency id.
///
/// The fast path (`Ledger._debit`) is generic over it, so each caller passes the request
/// in the form it already has: single debits their arguments (``_DebitFields``) or the
/// ``Debit`` value itself, batches a pointer to the element (``_DebitInBatch``). Through a
/// pointer, the fast path's exits re-read the fields from the element instead of keeping
/// each one in a register across the CAS loop: in the batch by id, pinning them cost about
/// ten reloads and spills a debit.
@usableFromInline
protocol _DebitRequest {
    /// The feature used.
    var feature: FeatureIndex { get }
    /// How many actions.
    var quantity: UInt32 { get }
    /// The user's seat; `nil` for an automation.
    var seat: Seat? { get }
    /// The caller's idempotency id, for the sink.
    var idempotencyKey: UInt64? { get }
}

/// A request given as values: a single debit's arguments.
@usableFromInline
struct _DebitFields: _DebitRequest {
    @usableFromInline let feature: FeatureIndex
    @usableFromInline let quantity: UInt32
    @usableFromInline let seat: Seat?
    @usableFromInline let idempotencyKey: UInt64?

    @inlinable
    init(feature: FeatureIndex, quantity: UInt32, seat: Seat?, idempotencyKey: UInt64?) {
        self.feature = feature
        self.quantity = quantity
        self.seat = seat
        self.idempotencyKey = idempotencyKey
    }
}

/// A request read through a pointer to a batch's element. The pointer is valid only inside
/// the closure that lent the batch's buffer (`withContiguousStorageIfAvailable`,
/// `withUnsafeBufferPointer`); it is never stored and never outlives the `_debit` call.
@usableFromInline
struct _DebitInBatch<Element: _DebitRequest>: _DebitRequest {
    @usableFromInline let element: UnsafePointer<Element>

    @inlinable
    init(_ element: UnsafePointer<Element>) { self.element = element }

    @inlinable var feature: FeatureIndex { element.pointee.feature }
    @inlinable var quantity: UInt32 { element.pointee.quantity }
    @inlinable var seat: Seat? { element.pointee.seat }
    @inlinable var idempotencyKey: UInt64? { element.pointee.idempotencyKey }
}

extension Debit: _DebitRequest {}

extension HandleDebit: _DebitRequest {}
