/// What an account is billed by: its price book and its contract term (R9, R22).
public struct AccountBilling: Sendable, Hashable {
    /// The embedder's prices for the account.
    public let priceBook: PriceBook
    /// The account's contract.
    public let term: ContractTerm

    /// Pairs a price book with a contract.
    /// - Parameters:
    ///   - priceBook: the prices.
    ///   - term: the contract.
    public init(priceBook: PriceBook, term: ContractTerm) {
        self.priceBook = priceBook
        self.term = term
    }
}
