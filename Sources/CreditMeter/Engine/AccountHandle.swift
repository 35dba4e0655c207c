/// An account resolved once: debits through a handle do no lookup at all.
///
/// A handle points straight at the account's bucket. It stays valid while its ``Ledger``
/// lives; after the account is closed its debits are refused with
/// ``Refusal/unknownAccount``, and a handle from another ledger is refused the same way.
public struct AccountHandle: @unchecked Sendable, Hashable {
    @usableFromInline let bucket: UnsafeMutablePointer<_Bucket>
    @usableFromInline let ledgerToken: UInt64
    /// The account's id.
    public let id: AccountID

    @usableFromInline
    init(bucket: UnsafeMutablePointer<_Bucket>, ledgerToken: UInt64, id: AccountID) {
        self.bucket = bucket
        self.ledgerToken = ledgerToken
        self.id = id
    }
}
