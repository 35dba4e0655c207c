import Testing

/// The billing and reporting suites (issue 5), grouped so `swift test --filter Billing`
/// runs them all.
@Suite("Billing")
enum BillingTests {}
