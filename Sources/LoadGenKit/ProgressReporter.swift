import CreditMeter
import MeterTools

/// Turns the workers' published figures into progress samples: one line per second on
/// standard error, one point per second for the throughput chart.
struct ProgressReporter {
    let context: LoadContext
    /// When the workers were released.
    let start: UInt64
    let progress: (@Sendable (String) -> Void)?
    /// The samples so far.
    private(set) var samples: [ProgressSample] = []
    var lastAnswered: UInt64 = 0
    var lastTime: UInt64

    init(context: LoadContext, start: UInt64, progress: (@Sendable (String) -> Void)?) {
        self.context = context
        self.start = start
        self.progress = progress
        self.lastTime = start
    }

    /// Reads every worker's published figures into one sample, keeps it and prints its line.
    mutating func sample() {
        var latency = LatencyHistogram()
        var accepted: UInt64 = 0
        var refused = [UInt64](repeating: 0, count: Refusal.allCases.count)
        for cell in context.cells {
            let figures = cell.take(into: &latency)
            accepted += figures.accepted
            for (i, count) in figures.refused.enumerated() { refused[i] += count }
        }
        let now = MonotonicClock.now()
        let answered = accepted + refused.reduce(0, +)
        let seconds = Double(now &- lastTime) / 1e9
        let sample = ProgressSample(
            elapsed: Double(now &- start) / 1e9,
            debitsPerSecond: seconds > 0 ? Double(answered &- lastAnswered) / seconds : 0,
            accepted: accepted,
            refused: Dictionary(uniqueKeysWithValues: Refusal.allCases.map { ($0.description, refused[Int($0.rawValue)]) }),
            p99Nanoseconds: latency.value(atPercentile: 99) ?? 0)
        lastAnswered = answered
        lastTime = now
        samples.append(sample)
        progress?(sample.line)
    }
}
