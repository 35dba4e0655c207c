import Dispatch
@testable import LoadGenKit
import MeterTools
import Testing

/// The open-loop pacer: intended send times, phases, and the worker's chance to publish its
/// progress while it waits.
@Suite("open-loop pacer")
struct OpenLoopPacerTests {
    @Test("closed loop (gap 0) never waits and never calls the idle hook")
    func closedLoop() {
        var pacer = OpenLoopPacer(gap: 0, worker: 0, of: 1, stop: StopFlag())
        var idles = 0
        for _ in 0..<1_000 { #expect(pacer.start(whileWaiting: { idles += 1 }) != nil) }
        #expect(idles == 0)
    }

    @Test("worker i of n starts i × gap / n in, then every gap", arguments: [(0, 4, 0), (1, 4, 250), (3, 4, 750), (0, 1, 0)])
    func phases(worker: Int, workers: Int, phase: UInt64) {
        var pacer = OpenLoopPacer(gap: 1_000, worker: worker, of: workers, stop: StopFlag())
        #expect(pacer.advance(now: 5_000) == 5_000 + phase)
        #expect(pacer.advance(now: 9_999_999) == 6_000 + phase)  // intended times, whatever now is
    }

    /// Found by a review: a worker published its progress only between debits, so at a low
    /// `--rate` a progress line showed figures a whole gap old. A wait now calls the hook
    /// after each of its sleeps. The gap is an hour and the hook stops the run on its third
    /// call, so a slow machine only makes the test slower, never wrong.
    @Test("a long wait calls the idle hook between its sleeps, and ends without a send when the run stops")
    func idleDuringWait() {
        let stop = StopFlag()
        var pacer = OpenLoopPacer(gap: 3_600_000_000_000, worker: 0, of: 1, stop: stop)
        var idles = 0
        #expect(pacer.start(whileWaiting: { idles += 1 }) != nil)  // the first send is due at once (phase 0)
        #expect(idles == 0)
        // A safety net, so that a pacer that never calls the hook fails instead of waiting an hour.
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { stop.stop() }
        let second = pacer.start(whileWaiting: { idles += 1; if idles == 3 { stop.stop() } })
        #expect(second == nil && idles == 3)  // the sleep after the stop ends the wait
    }
}
