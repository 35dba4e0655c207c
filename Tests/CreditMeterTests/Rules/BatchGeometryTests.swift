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

    @Test("a pipeline ring is a power of two longer than the lookahead, so no stage overwrites what the next one reads")
    func pipelineRingCoversTheLookahead() {
        let ring = Ledger.pipelineRing
        #expect(ring > 0 && ring & (ring - 1) == 0)
        #expect(Ledger.entryLookahead > Ledger.batchLookahead)
        #expect(Ledger.entryLookahead < ring)
        // Each ring is one stack temporary too.
        #expect(MemoryLayout<UInt64>.stride * ring <= 1_024)
    }
}
