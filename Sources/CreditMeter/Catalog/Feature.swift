/// A credit-consuming feature or action in the catalog (R16).
public struct Feature: Sendable, Hashable, Codable {
    /// A stable key, for example `ai.agent.run`; unique in a catalog.
    public var key: String
    /// A human name.
    public var name: String
    /// What kind of feature it is.
    public var category: FeatureCategory
    /// The lowest edition whose accounts may use it (R4).
    public var minimumEdition: Edition
    /// Effective-dated rates, any order; the catalog sorts them.
    public var rates: [FeatureRate]

    /// Creates a feature.
    /// - Parameters:
    ///   - key: a unique, stable key.
    ///   - name: a human name.
    ///   - category: the kind of feature.
    ///   - minimumEdition: the lowest edition allowed to use it.
    ///   - rates: at least one effective-dated rate.
    public init(key: String, name: String, category: FeatureCategory, minimumEdition: Edition = .starter, rates: [FeatureRate]) {
        self.key = key
        self.name = name
        self.category = category
        self.minimumEdition = minimumEdition
        self.rates = rates
    }

    /// The rate in force on `day`, or `nil` before the first rate starts.
    /// - Parameter day: the day of the debit.
    /// - Returns: credits per action on that day, or `nil` before the first rate starts.
    /// - Complexity: O(rates). (Debits do not call it: the ledger keeps each feature's
    ///   rates in its own tables.)
    public func rate(on day: CalendarDay) -> UInt32? {
        rates.filter { $0.from <= day }.max { $0.from < $1.from }?.credits
    }
}
