@testable import CreditMeter
import Testing

/// The batch paths' constants keep their promises; the correctness tests cannot see a break
/// here, because every lookup is confirmed on its bucket and a wrong candidate only costs time.
@Suite("Batch geometry")
struct BatchGeometryTests {
    @Test("the appending call's decisions fit the 1,024 bytes withUnsafeTemporaryAllocation keeps on the stack")
    func appendChunkStaysOnTheStack() {
        #expect(MemoryLayout<DebitDecision>.stride * Ledger.appendChunk <= 1_024)
    }

    @Test("appending batch after batch to one array grows it geometrically, not once per call")
    func appendingGrowsGeometrically() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, packs: 10)
        let batch = Array(repeating: HandleDebit(handle: handle, feature: Fixtures.feature(ledger, "unit")), count: 10)
        var decisions: [DebitDecision] = []
        var capacities: Set<Int> = []
        for _ in 0..<1_000 {
            ledger.debit(batch: batch, into: &decisions)
            capacities.insert(decisions.capacity)
        }
        #expect(decisions.count == 10_000)
        // Doubling from 10 reaches 10,000 in about ten steps; one per call would be 1,000.
        #expect(capacities.count <= 16)
    }

    @Test("a pipeline ring is a power of two longer than the lookahead, so no stage overwrites what the next one reads")
    func pipelineRingCoversTheLookahead() {
        let ring = Ledger.pipelineRing
        #expect(ring > 0 && ring & (ring - 1) == 0)
        // The entry prefetch runs ahead of the bucket prefetch, and both fit in the ring.
        #expect(Ledger.batchLookahead > 0 && Ledger.entryLookahead > Ledger.batchLookahead)
        #expect(Ledger.entryLookahead < ring)
        // Each ring is one stack temporary too.
        #expect(MemoryLayout<UInt64>.stride * ring <= 1_024)
    }
}
