public import CreditMeter

/// The load generator's own books, kept from the decisions the engine returned: what the
/// engine must report afterwards if it is exact (I1–I3, I5).
///
/// Each worker keeps its own book (no sharing on the hot path); books are merged after the
/// run. Figures are kept per *epoch*: the stretch of the run between two clock moves, during
/// which every account stays in one usage period. Per-feature figures are kept for the last
/// epoch only (the engine reports them for the current period).
public struct ShadowBook: Sendable, Equatable {
    /// Threshold levels, the highest one an accepted decision showed (`usageAfter` vs `limit`).
    public enum Level {
        /// `usageAfter > limit`: overage (pay-as-you-go).
        public static let exceeded: UInt8 = 101
        /// The usage thresholds of R19 that `usageReached` reports.
        public static let thresholds: [UInt8] = [75, 85, 90, 100]
    }

    /// Accounts in the run.
    public let accounts: Int
    /// Features in the mix.
    public let features: Int
    /// Epochs in the run.
    public let epochs: Int
    /// The epoch the per-feature figures belong to.
    public private(set) var featureEpoch = 0

    /// Credits accepted, `[epoch * accounts + account]`.
    public var charged: [UInt64]
    /// The highest `usageAfter` accepted, `[epoch * accounts + account]`.
    public var highestUsage: [UInt64]
    /// The largest `usageAfter - limit` accepted, `[epoch * accounts + account]`.
    public var largestExcess: [UInt64]
    /// The highest threshold level accepted, `[epoch * accounts + account]`.
    public var level: [UInt8]
    /// The cheapest debit refused for `limitReached`, `[epoch * accounts + account]` (0: none).
    public var cheapestLimitRefusal: [UInt64]
    /// The cheapest debit refused for `capReached`, `[epoch * accounts + account]` (0: none).
    public var cheapestCapRefusal: [UInt64]
    /// Credits accepted in `featureEpoch`, `[account * features + feature]`.
    public var chargedByFeature: [UInt64]
    /// Accepted debits the engine charged other than the catalog price (R16).
    public var mispriced: UInt64 = 0
    /// Debits whose seat or edition verdict differs from LoadGen's reading of R3 and R4:
    /// accepted or refused for a rule that should have refused them, or refused for one
    /// that allows them.
    public var wrongVerdicts: UInt64 = 0
    /// Whether the engine refused a debit of the account as paused (R17), by account index:
    /// the audit allows that only for accounts the control plane touched.
    public var refusedAsPaused: [Bool]
    /// Debits refused as ``Refusal/usageStorageFull``: right only once the engine's usage
    /// row blocks ran out (found by a review: an engine that refused every debit so passed).
    public var storageRefusals: UInt64 = 0
    /// Debits of a batch the engine returned no decision for (or decisions it returned for
    /// no debit): each is a lost debit.
    public var unanswered: UInt64 = 0

    /// An empty book.
    /// - Parameters:
    ///   - accounts: accounts in the run.
    ///   - features: features in the mix.
    ///   - epochs: epochs in the run.
    public init(accounts: Int, features: Int, epochs: Int) {
        self.accounts = accounts
        self.features = features
        self.epochs = epochs
        let cells = accounts * epochs
        charged = .init(repeating: 0, count: cells)
        highestUsage = .init(repeating: 0, count: cells)
        largestExcess = .init(repeating: 0, count: cells)
        level = .init(repeating: 0, count: cells)
        cheapestLimitRefusal = .init(repeating: 0, count: cells)
        cheapestCapRefusal = .init(repeating: 0, count: cells)
        chargedByFeature = .init(repeating: 0, count: accounts * features)
        refusedAsPaused = .init(repeating: false, count: accounts)
    }

    /// Books one decision: an acceptance at the catalog price, a refusal checked against
    /// the rules and, at the limit or cap, kept for I2. Workers and the control plane's
    /// probes book through here.
    /// - Parameters:
    ///   - decision: what the engine answered.
    ///   - pick: the debit that was sent.
    ///   - cost: what the debit costs at the catalog rate.
    ///   - ruleRefusal: the seat or edition refusal LoadGen expects (R3, R4), if any.
    ///   - epoch: the clock epoch it was sent in.
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    public mutating func book(_ decision: DebitDecision, for pick: DebitPicker.Pick, cost: UInt64,
                              ruleRefusal: Refusal?, epoch: Int) {
        switch decision {
        case .accepted(let charged, let usageAfter, let limit):
            if ruleRefusal != nil { wrongVerdicts &+= 1 }
            accept(account: pick.account, feature: pick.feature, epoch: epoch,
                   charged: charged, expected: cost, usageAfter: usageAfter, limit: limit)
        case .refused(let refusal):
            checkRefusal(refusal, expected: ruleRefusal, account: pick.account)
            if refusal == .limitReached || refusal == .capReached {
                refuseForLimit(account: pick.account, epoch: epoch, cost: cost, atCap: refusal == .capReached)
            }
        }
    }

    /// Checks a refusal against the seat or edition refusal LoadGen expects (R3, R4): a
    /// seat refusal must be exactly that; an edition refusal may also be a pause (paused
    /// accounts are refused first); and neither may refuse a debit both rules allow. No
    /// debit LoadGen sends is ever refused as an unknown account or feature or an invalid
    /// quantity: it opens every account first, closes none, keeps its catalog and sends
    /// quantities of 1 to 3 (I2; found by a review, which made the engine refuse one debit in
    /// seven as an unknown feature and saw the audit pass).
    /// - Parameters:
    ///   - refusal: the engine's refusal.
    ///   - expected: the refusal LoadGen expects, `nil` when both rules allow the debit.
    ///   - account: the account index; a pause refusal marks it in ``refusedAsPaused``.
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    public mutating func checkRefusal(_ refusal: Refusal, expected: Refusal?, account: Int) {
        if refusal == .accountPaused || refusal == .featurePaused { refusedAsPaused[account] = true }
        if refusal == .usageStorageFull { storageRefusals &+= 1 }
        let right = switch expected {
        case .seatNotEligible?: refusal == .seatNotEligible
        case .featureNotInEdition?: refusal == .featureNotInEdition || refusal == .accountPaused
        default: refusal != .seatNotEligible && refusal != .featureNotInEdition
        }
        let never = refusal == .unknownAccount || refusal == .unknownFeature || refusal == .invalidQuantity
        if !right || never { wrongVerdicts &+= 1 }
    }

    /// Books an accepted debit at its catalog price, `credits`, worked out by LoadGen from
    /// the catalog, not taken from the engine: a debit the engine `charged` otherwise is
    /// counted in ``mispriced`` (R16), and the books then differ from the engine's usage (I3).
    /// - Parameters:
    ///   - account: the account index.
    ///   - feature: the feature's position in the mix.
    ///   - epoch: the clock epoch the debit was sent in.
    ///   - engineCharge: what the engine charged (the decision's `charged`).
    ///   - credits: the catalog price LoadGen worked out: what is booked.
    ///   - usageAfter: the account's usage after the debit, as the decision reported it.
    ///   - limit: the limit in force, as the decision reported it.
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    public mutating func accept(account: Int, feature: Int, epoch: Int, charged engineCharge: UInt64,
                                expected credits: UInt64, usageAfter: UInt64, limit: UInt64) {
        if engineCharge != credits { mispriced &+= 1 }
        if epoch != featureEpoch { startFeatureEpoch(epoch) }
        let cell = epoch &* accounts &+ account
        charged[cell] &+= credits
        chargedByFeature[account &* features &+ feature] &+= credits
        if usageAfter > highestUsage[cell] { highestUsage[cell] = usageAfter }
        if usageAfter > limit {
            largestExcess[cell] = max(largestExcess[cell], usageAfter - limit)
            level[cell] = Level.exceeded
        } else if level[cell] < 100 {
            let percent = usageAfter * 100
            let reached: UInt8 = percent >= 100 * limit ? 100 : percent >= 90 * limit ? 90
                : percent >= 85 * limit ? 85 : percent >= 75 * limit ? 75 : 0
            if reached > level[cell] { level[cell] = reached }
        }
    }

    /// Books a debit refused because it did not fit under the limit or the cap.
    /// - Parameters:
    ///   - account: the account index.
    ///   - epoch: the clock epoch the debit was sent in.
    ///   - cost: the credits the debit would have cost.
    ///   - atCap: whether it was refused for the cap (`capReached`) rather than the limit.
    @inline(__always)
    public mutating func refuseForLimit(account: Int, epoch: Int, cost: UInt64, atCap: Bool) {
        let cell = epoch &* accounts &+ account
        if atCap {
            if cheapestCapRefusal[cell] == 0 || cost < cheapestCapRefusal[cell] { cheapestCapRefusal[cell] = cost }
        } else if cheapestLimitRefusal[cell] == 0 || cost < cheapestLimitRefusal[cell] {
            cheapestLimitRefusal[cell] = cost
        }
    }

    mutating func startFeatureEpoch(_ epoch: Int) {
        // All workers see epochs in order, so a later epoch replaces the per-feature figures.
        guard epoch > featureEpoch else { return }
        featureEpoch = epoch
        for i in chargedByFeature.indices { chargedByFeature[i] = 0 }
    }

    /// Adds another worker's book into this one.
    /// - Parameter other: a book of the same dimensions (other dimensions trap).
    /// - Complexity: O(accounts × (epochs + features)).
    public mutating func merge(_ other: ShadowBook) {
        precondition(accounts == other.accounts && features == other.features && epochs == other.epochs)
        mispriced &+= other.mispriced
        wrongVerdicts &+= other.wrongVerdicts
        storageRefusals &+= other.storageRefusals
        unanswered &+= other.unanswered
        for i in refusedAsPaused.indices where other.refusedAsPaused[i] { refusedAsPaused[i] = true }
        if other.featureEpoch > featureEpoch { startFeatureEpoch(other.featureEpoch) }
        for i in charged.indices {
            charged[i] &+= other.charged[i]
            highestUsage[i] = max(highestUsage[i], other.highestUsage[i])
            largestExcess[i] = max(largestExcess[i], other.largestExcess[i])
            level[i] = max(level[i], other.level[i])
            cheapestLimitRefusal[i] = Self.cheapest(cheapestLimitRefusal[i], other.cheapestLimitRefusal[i])
            cheapestCapRefusal[i] = Self.cheapest(cheapestCapRefusal[i], other.cheapestCapRefusal[i])
        }
        if other.featureEpoch == featureEpoch {
            for i in chargedByFeature.indices { chargedByFeature[i] &+= other.chargedByFeature[i] }
        }
    }

    static func cheapest(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a == 0 ? b : b == 0 ? a : min(a, b)
    }
}
