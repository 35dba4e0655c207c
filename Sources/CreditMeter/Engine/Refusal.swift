/// Why a debit was refused. A refused debit changes nothing.
public enum Refusal: UInt8, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// The debit would take usage past the monthly limit of an account without purchased
    /// capacity (R10), or past the engine's maximum.
    case limitReached
    /// The debit would take usage past the account's cap (R13).
    case capReached
    /// The whole account is paused (R17).
    case accountPaused
    /// This feature is paused for this account (R17).
    case featurePaused
    /// The user's seat may not consume credits (R3).
    case seatNotEligible
    /// The feature needs a higher edition than the account has (R4).
    case featureNotInEdition
    /// No open account: unknown id, closed account, or a handle from another ledger.
    case unknownAccount
    /// No such feature, or no rate in force yet on the day of the debit.
    case unknownFeature
    /// The quantity is zero.
    case invalidQuantity
    /// The debit needs a new usage row and the ledger's row blocks are used up (see
    /// ``Ledger/usageRowBlocks``): it is refused rather than counted without its row (I3).
    case usageStorageFull

    /// The reason in words, stable for logs and reports: the case name.
    public var description: String {
        switch self {
        case .limitReached: "limitReached"
        case .capReached: "capReached"
        case .accountPaused: "accountPaused"
        case .featurePaused: "featurePaused"
        case .seatNotEligible: "seatNotEligible"
        case .featureNotInEdition: "featureNotInEdition"
        case .unknownAccount: "unknownAccount"
        case .unknownFeature: "unknownFeature"
        case .invalidQuantity: "invalidQuantity"
        case .usageStorageFull: "usageStorageFull"
        }
    }
}
