@testable import benchmarks
import Testing

/// The totals checks every case reports through: a case whose operations did not all have
/// the intended outcome fails, so refusals (or misses) are never reported as speed.
@Suite("case outcomes")
struct CaseOutcomeTests {
    static func tally(accepted: Int, refused: Int) -> Tally {
        var counts = Tally.Counts()
        for _ in 0..<accepted { counts.record(accepted: true) }
        for _ in 0..<refused { counts.record(accepted: false) }
        let tally = Tally()
        tally.add(counts, sample: 0)
        return tally
    }

    @Test("an open case with a refusal, or a full case with an acceptance, fails; the intended outcome passes",
          arguments: [(3, 0, false, true), (3, 1, false, false), (0, 4, true, true), (1, 4, true, false)])
    func everyOperation(accepted: Int, refused: Int, intendsRefusals: Bool, passes: Bool) {
        let tally = Self.tally(accepted: accepted, refused: refused)
        var outcome = CaseOutcome(tally: tally, "usage", recorded: UInt64(accepted))
        outcome.expectEvery(in: tally, refused: intendsRefusals)
        #expect((outcome.mismatch == nil) == passes)
    }

    @Test("credits the system did not record are a mismatch")
    func credits() {
        let outcome = CaseOutcome(tally: Self.tally(accepted: 3, refused: 0), "usage", initialUsage: 10, recorded: 12)
        #expect(outcome.mismatch == "usage: benchmark counted 13, system recorded 12")
    }
}
