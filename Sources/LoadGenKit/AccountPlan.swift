public import CreditMeter

/// How one account of the run is set up, and which kind of limit it exercises.
public struct AccountPlan: Sendable, Equatable {
    /// The four limit behaviours the account mix covers (R10, R11, R13).
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// No purchased capacity: the monthly limit is a hard stop (R10).
        case hardStop
        /// Purchased capacity, auto-upgrade by whole packs past the limit (R11).
        case autoUpgrade
        /// Purchased capacity, overage billed in arrears (R11).
        case payAsYouGo
        /// Purchased capacity and a maximum monthly limit that usage never passes (R13).
        case capped
    }

    /// The account's identifier (1-based, `index + 1`).
    public let id: AccountID
    /// The limit behaviour this account exercises.
    public let kind: Kind
    /// The subscriptions it is opened with.
    public let subscriptions: [Subscription]
    /// The day of the month its periods start on, 1...31.
    public let anchorDay: Int
    /// Purchased 1,000-credit packs at open.
    public let capacityPacks: Int
    /// The overage setting at open.
    public let overageMode: OverageMode
    /// The cap at open, if any.
    public let cap: UInt64?

    /// Creates a plan.
    /// - Parameters:
    ///   - id: the account's identifier (`index + 1`).
    ///   - kind: the limit behaviour the account exercises.
    ///   - subscriptions: the subscriptions it is opened with.
    ///   - anchorDay: the day of the month its periods start on, 1...31.
    ///   - capacityPacks: purchased 1,000-credit packs at open.
    ///   - overageMode: the overage setting at open.
    ///   - cap: the cap at open, `nil` for none.
    public init(id: AccountID, kind: Kind, subscriptions: [Subscription], anchorDay: Int,
                capacityPacks: Int, overageMode: OverageMode, cap: UInt64?) {
        self.id = id
        self.kind = kind
        self.subscriptions = subscriptions
        self.anchorDay = anchorDay
        self.capacityPacks = capacityPacks
        self.overageMode = overageMode
        self.cap = cap
    }
}

extension AccountPlan {
    /// The credits the plan includes per month, from the SPEC's R2 table written out again
    /// here: the audit checks the engine's limits against it rather than taking the
    /// engine's word for them. The largest value of any subscription, never a sum.
    public var includedCredits: UInt64 {
        subscriptions.map { subscription -> UInt64 in
            let dataTier = subscription.family == .dataHub || subscription.family == .customerPlatform
            return switch subscription.edition {
            case .starter: 500
            case .professional: dataTier ? 5_000 : 3_000
            case .enterprise: dataTier ? 10_000 : 5_000
            }
        }.max() ?? 0
    }

    /// The plan's highest edition (R4), which gates its features.
    public var highestEdition: Edition { subscriptions.highestEdition ?? .starter }
}
