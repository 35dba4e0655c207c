import CreditMeter
import Foundation
import Testing

// README-EXAMPLE-BEGIN
/// Embedding CreditMeter: open an account, debit from any thread, read the books.
func embeddingExample() async throws -> (DebitDecision, AccountSnapshot?) {
    let meter = Meter(catalog: .example, clock: .manual(start: CalendarDay(year: 2026, month: 3, day: 1)!))
    let events = meter.events()                                   // thresholds, upgrades, period closes

    // Control plane: through the actor.
    let account = AccountID(42)
    let handle = try await meter.open(AccountSpec(
        id: account,
        subscriptions: [Subscription(.marketing, .professional), Subscription(.dataHub, .professional)],
        capacityPacks: 1,                                         // 5,000 included + 1,000 bought
        overageMode: .autoUpgrade))

    // Hot path: synchronous, lock-free, callable from any thread.
    let agent = meter.ledger.feature("ai.agent.customer")!        // resolve once
    let decision = meter.ledger.debit(handle, feature: agent, quantity: 3, seat: .core)
    if case .refused(let reason) = decision { print("refused: \(reason)") }

    // Async frontends batch: one actor hop for many debits.
    let batch = (0..<1_000).map { _ in Debit(account: account, feature: agent) }
    _ = await meter.debit(batch: batch)

    _ = events                                                    // for await event in events { ... }
    return (decision, meter.ledger.snapshot(of: account))
}
// README-EXAMPLE-END

/// The README's embedding example compiles (it is this file) and does what it says.
@Suite("README embedding example")
struct EmbeddingExampleTests {
    @Test("the example runs: 300 credits, then a batch that auto-upgrades")
    func runs() async throws {
        let (decision, snapshot) = try await embeddingExample()
        #expect(decision == .accepted(charged: 300, usageAfter: 300, limit: 6_000))
        let usage = try #require(snapshot?.usage)
        #expect(usage == 300 + 1_000 * 100)                           // 100 credits per resolved conversation
        #expect(snapshot?.monthlyLimit == 101_000)  // R11: 94,300 credits past 6,000 take 95 packs
    }

    @Test("the README shows the example exactly as compiled here")
    func readmeMatches() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: here, encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try #require(source.components(separatedBy: "// README-EXAMPLE-BEGIN\n").last?
            .components(separatedBy: "// README-EXAMPLE-END").first)
        #expect(readme.contains(example))
    }
}
