@testable import MeterTools
import Testing

@Suite("Process statistics and monotonic clock")
struct ProcessStatsTests {
    @Test("the monotonic clock never goes backwards")
    func monotonic() {
        var previous = MonotonicClock.now()
        for _ in 0..<1_000 {
            let now = MonotonicClock.now()
            #expect(now >= previous)
            previous = now
        }
        #expect(MonotonicClock.nanoseconds(since: .max) == 0)
    }

    @Test("CPU time grows with work and memory is read on Linux")
    func current() throws {
        let before = ProcessStats.current()
        var generator = Xoshiro256(seed: 1)
        var sink: UInt64 = 0
        for _ in 0..<2_000_000 { sink ^= generator.next() }
        let after = ProcessStats.current()
        #expect(sink != 1)  // uses the work, so the optimizer keeps it
        // Milliseconds of work: the process's CPU time, counted in nanoseconds, moves.
        #expect(after.totalCPUNanoseconds > before.totalCPUNanoseconds)
        #expect(after.totalCPUNanoseconds > 0)
        #if os(Linux)
        let resident = try #require(after.residentBytes)
        let peak = try #require(after.peakResidentBytes)
        #expect(resident > 0)
        #expect(peak >= resident)
        #endif
    }

    @Test("status lines parse with tabs or spaces, in kB", arguments: [
        ("VmHWM:\t  1234 kB\nVmRSS:\t 1000 kB\n", "VmHWM:", 1_263_616 as UInt64?),
        ("VmRSS:    7 kB", "VmRSS:", 7_168),
        ("VmRSS:\n", "VmRSS:", nil),
        ("Name: x\n", "VmHWM:", nil),
    ])
    func parse(status: String, field: String, bytes: UInt64?) {
        #expect(ProcessStats.kibibytes(field: field, in: status) == bytes)
    }
}
