@testable import benchmarks
import MeterTools
import Testing

/// `drive` hands out a worker's operands in ring order, from the sample's start chunk, and
/// wraps at the ring's end (its inner loop reads the ring unchecked, so this pins the
/// arithmetic that keeps it in bounds).
struct OperandStreamTests {
    /// Drives one sample long enough to pass the ring's end at least twice and checks each
    /// operand against the ring, position by position.
    @Test(arguments: [0, 1, 5])
    func drivesTheRingInOrderAndWraps(sample: Int) {
        let stream = OperandStream(.uniform(accounts: 1_000), workers: 2, length: 1 << 12, seed: 7)
        let ring = stream.ring(of: 1)
        let chunk = OperandStream<UInt32>.chunk
        #expect(ring.count == 1 << 12)
        var seen: [UInt32] = [], operations = 0
        // Samples of 50 ms run far more than three rings' worth; a stalled one is run again.
        for _ in 0..<10 where seen.count < 3 * ring.count {
            seen = []
            let context = SampleContext(worker: 1, workers: 2, sample: sample, deadline: .after(seconds: 0.05))
            operations = stream.drive(context, into: Tally()) { operand, counts in
                if seen.count < 3 * ring.count { seen.append(operand) }
                counts.record(accepted: true)
            }
        }
        #expect(seen.count == 3 * ring.count)
        // The deadline is read once per chunk: whole chunks only.
        #expect(operations % chunk == 0)
        let start = (sample &* 7_919 &* chunk) & (ring.count - 1)
        let expected = seen.indices.map { ring[(start + $0) % ring.count] }
        #expect(seen == expected)
    }
}
