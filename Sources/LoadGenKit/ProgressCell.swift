import MeterTools
import Synchronization

/// Where one worker publishes its running figures for the progress line, once per tick
/// (when it notices the reporter's tick changed), so the hot path never takes a lock.
public final class ProgressCell: Sendable {
    /// The figures a worker publishes.
    struct Figures: Sendable {
        var accepted: UInt64 = 0
        var refused: [UInt64] = []
        var latency = LatencyHistogram()
    }

    let figures = Mutex(Figures())

    /// Creates an empty cell.
    public init() {}

    /// Publishes the worker's totals and adds its latencies since the last publication.
    func publish(accepted: UInt64, refused: [UInt64], interval: LatencyHistogram) {
        figures.withLock {
            $0.accepted = accepted
            $0.refused = refused
            $0.latency.merge(interval)
        }
    }

    /// Reads the totals and takes (and clears) the latencies published since the last take.
    func take(into latency: inout LatencyHistogram) -> (accepted: UInt64, refused: [UInt64]) {
        figures.withLock {
            latency.merge($0.latency)
            $0.latency.reset()
            return ($0.accepted, $0.refused)
        }
    }
}
