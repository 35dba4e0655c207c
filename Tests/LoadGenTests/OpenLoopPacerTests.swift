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
    /// `--rate` a progress line showed figures a whole gap old. A wait of several
    /// `longestSleep`s now calls the hook after each sleep.
    @Test("a long wait calls the idle hook between its sleeps, and stops when the run does")
    func idleDuringWait() {
        let stop = StopFlag()
        var pacer = OpenLoopPacer(gap: 20 * OpenLoopPacer.longestSleep, worker: 0, of: 1, stop: stop)
        var idles = 0
        let first = pacer.start(whileWaiting: { idles += 1 })
        #expect(first != nil && idles == 0)  // the first send is due at once (phase 0)
        let second = pacer.start(whileWaiting: { idles += 1 })
        #expect(second == first.map { $0 + 20 * OpenLoopPacer.longestSleep })
        #expect(idles >= 2)  // the wait is twenty times the longest sleep: several sleeps
        idles = 0
        let third = pacer.start(whileWaiting: { idles += 1; if idles == 2 { stop.stop() } })
        #expect(third == nil && idles == 2)  // the sleep after the stop ends the wait, without a send
    }
}
