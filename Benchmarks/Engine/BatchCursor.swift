/// Walks one worker's prepared batches round-robin and counts the debits handed out.
struct BatchCursor {
    /// The worker's batches.
    private let batches: [DebitBatch]
    /// The batch `take()` returns next.
    private var next: Int
    /// Debits in the batches taken so far.
    private(set) var operations = 0

    /// Starts at a sample-dependent batch so samples do not replay the same accounts.
    /// - Parameters:
    ///   - batches: the worker's batches, at least one.
    ///   - sample: the sample index.
    init(_ batches: [DebitBatch], sample: Int) {
        self.batches = batches
        next = sample % batches.count
    }

    /// The next batch.
    /// - Returns: a batch; its debits count as operations.
    mutating func take() -> DebitBatch {
        let batch = batches[next]
        operations += batch.count
        next = (next + 1) % batches.count
        return batch
    }
}
