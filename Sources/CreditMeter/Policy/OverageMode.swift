/// What happens when an account with purchased capacity uses more than its monthly limit (R11).
public enum OverageMode: UInt8, Sendable, Hashable, CaseIterable, Codable {
    /// The default: the account is upgraded by the smallest number of 1,000-credit packs
    /// that covers its usage, and keeps them for the rest of its contract term.
    case autoUpgrade = 0
    /// Usage past the limit is overage, billed in arrears at period end in whole
    /// increments of 10 credits, rounding down; the limit itself does not change.
    case payAsYouGo = 1
}
