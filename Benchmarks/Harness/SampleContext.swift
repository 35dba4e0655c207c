import MeterTools

/// What one worker of one sample knows about where it stands.
struct SampleContext: Sendable {
    /// Operations between two looks at the clock (a look costs some 20 ns).
    static let pollInterval = 256

    /// This worker's index, `0..<workers`.
    let worker: Int
    /// How many workers run this sample together.
    let workers: Int
    /// The sample's index over the whole case, warm-ups first (`0..<warmups + samples`).
    let sample: Int
    /// When a fixed-duration sample ends; never, for fixed-work samples.
    let deadline: Deadline

    /// Whether the sample's time is up. Reads the monotonic clock: poll it once per
    /// `pollInterval` operations, not on every one.
    var isOver: Bool { deadline.hasPassed }

    /// The half-open slice of `0..<count` that this worker owns when work is split evenly.
    /// - Parameter count: the number of items shared by all workers.
    /// - Returns: this worker's contiguous range.
    func share(of count: Int) -> Range<Int> {
        (count * worker / workers)..<(count * (worker + 1) / workers)
    }
}
