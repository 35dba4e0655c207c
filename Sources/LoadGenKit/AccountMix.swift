import CreditMeter

/// Draws the run's accounts: 30 % hard stop, 25 % auto-upgrade, 25 % pay-as-you-go, 20 % capped,
/// over random families and editions (40 % Starter, 40 % Professional, 20 % Enterprise) and
/// anchor days 1...31 (so month-end clamping, R5, is exercised too).
public enum AccountMix {
    /// The plans for accounts `1...count`, the same for the same generator state.
    /// - Parameters:
    ///   - count: how many accounts.
    ///   - rng: the seeded generator.
    /// - Returns: `count` plans, `plans[i].id == AccountID(i + 1)`.
    /// - Complexity: O(count).
    public static func plans(count: Int, using rng: inout some RandomNumberGenerator) -> [AccountPlan] {
        (0..<count).map { plan(index: $0, using: &rng) }
    }

    static func plan(index: Int, using rng: inout some RandomNumberGenerator) -> AccountPlan {
        let roll = Int.random(in: 0..<100, using: &rng)
        let kind: AccountPlan.Kind = roll < 30 ? .hardStop : roll < 55 ? .autoUpgrade : roll < 80 ? .payAsYouGo : .capped
        let subscriptionCount = Int.random(in: 1...2, using: &rng)
        let subscriptions = (0..<subscriptionCount).map { _ in
            Subscription(ProductFamily.allCases.randomElement(using: &rng)!, edition(using: &rng))
        }
        let packs = kind == .hardStop ? 0 : Int.random(in: 1...3, using: &rng)
        let mode: OverageMode = switch kind {
        case .payAsYouGo: .payAsYouGo
        case .capped: Bool.random(using: &rng) ? .payAsYouGo : .autoUpgrade
        case .hardStop, .autoUpgrade: .autoUpgrade
        }
        // Caps from 1,000 to 12,000 in steps of 500: some below the limit, some above it.
        let cap: UInt64? = kind == .capped ? UInt64(Int.random(in: 2...24, using: &rng)) * 500 : nil
        return AccountPlan(id: AccountID(UInt64(index + 1)), kind: kind, subscriptions: subscriptions,
                           anchorDay: Int.random(in: 1...31, using: &rng), capacityPacks: packs,
                           overageMode: mode, cap: cap)
    }

    static func edition(using rng: inout some RandomNumberGenerator) -> Edition {
        let roll = Int.random(in: 0..<10, using: &rng)
        return roll < 4 ? .starter : roll < 8 ? .professional : .enterprise
    }
}
