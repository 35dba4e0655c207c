// Stand-ins for engine types that BillingFact needs before the engine lands on main.
// Delete this file when merging main: the lead's definitions replace these one for one.

/// Stand-in for the engine's overage setting (R11); replaced by the engine's own on merge.
public enum OverageMode: Sendable, Codable {
    /// Add the smallest number of packs that covers usage past the limit.
    case autoUpgrade
    /// Bill usage past the limit in arrears.
    case payAsYouGo
}
