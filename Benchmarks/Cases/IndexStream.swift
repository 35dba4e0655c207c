import MeterTools

/// Account indices drawn ahead of time, one ring per worker, so the measured loop reads a
/// sequential array instead of running a random generator (which would dilute every case
/// and its ceiling alike).
struct IndexStream: Sendable {
    /// Operations between two looks at the deadline.
    static let chunk = SampleContext.pollInterval

    /// One ring of indices per worker; every ring has a power-of-two length.
    private let rings: [[UInt32]]

    /// Draws `length` indices per worker (rounded up to a power of two and a whole chunk).
    /// - Parameters:
    ///   - pattern: which accounts to draw.
    ///   - workers: how many rings.
    ///   - length: indices per ring.
    ///   - seed: the generator seed; worker `w` uses `seed + w`.
    init(_ pattern: AccessPattern, workers: Int, length: Int, seed: UInt64) {
        let size = max(IndexStream.chunk, 1 << (Int.bitWidth - (length - 1).leadingZeroBitCount))
        rings = (0..<workers).map { worker in
            var random = Xoshiro256(seed: seed &+ UInt64(worker))
            switch pattern {
            case let .uniform(accounts):
                return (0..<size).map { _ in UInt32(Int.random(in: 0..<accounts, using: &random)) }
            case let .zipf(accounts, exponent):
                guard let zipf = ZipfDistribution(count: accounts, exponent: exponent) else {
                    preconditionFailure("zipf over \(accounts) accounts, s = \(exponent), is not a distribution")
                }
                return (0..<size).map { _ in UInt32(zipf.sample(using: &random)) }
            }
        }
    }

    /// Calls `body` with successive account indices of this worker's ring until the sample is
    /// over, looking at the deadline once per chunk.
    /// - Parameters:
    ///   - context: the worker and its deadline; the sample index picks the start.
    ///   - body: one operation on the account at an index.
    /// - Returns: the number of operations run.
    @inline(__always)
    func drive(_ context: SampleContext, _ body: (Int) -> Void) -> Int {
        let ring = rings[context.worker]
        let mask = ring.count - 1
        var position = (context.sample &* 7_919 &* IndexStream.chunk) & mask
        var operations = 0
        ring.withUnsafeBufferPointer { indices in
            while !context.isOver {
                for offset in 0..<IndexStream.chunk {
                    body(Int(indices[(position &+ offset) & mask]))
                }
                position = (position &+ IndexStream.chunk) & mask
                operations &+= IndexStream.chunk
            }
        }
        return operations
    }

    /// Like `drive`, with a local tally each operation records into, added to `tally`
    /// once at the end of the sample.
    /// - Parameters:
    ///   - context: the worker, its deadline and its sample.
    ///   - tally: where the sample's counts go.
    ///   - operation: one operation on the account at an index.
    /// - Returns: the number of operations run.
    @inline(__always)
    func drive(_ context: SampleContext, into tally: Tally,
               _ operation: (Int, inout Tally.Counts) -> Void) -> Int {
        var counts = Tally.Counts()
        let operations = drive(context) { operation($0, &counts) }
        tally.add(counts, sample: context.sample)
        return operations
    }

    /// Like `drive(_:into:_:)`, for operations that `await` (actor hops).
    /// - Parameters:
    ///   - context: the worker, its deadline and its sample.
    ///   - tally: where the sample's counts go.
    ///   - operation: one operation on the account at an index.
    /// - Returns: the number of operations run.
    func driveAsync(_ context: SampleContext, into tally: Tally,
                    _ operation: (Int, inout Tally.Counts) async -> Void) async -> Int {
        let ring = rings[context.worker]
        let mask = ring.count - 1
        var position = (context.sample &* 7_919 &* IndexStream.chunk) & mask
        var operations = 0
        var counts = Tally.Counts()
        while !context.isOver {
            for offset in 0..<IndexStream.chunk {
                await operation(Int(ring[(position &+ offset) & mask]), &counts)
            }
            position = (position &+ IndexStream.chunk) & mask
            operations &+= IndexStream.chunk
        }
        tally.add(counts, sample: context.sample)
        return operations
    }

    /// The indices of one worker's ring, for building batches ahead of time.
    /// - Parameter worker: the worker index.
    func ring(of worker: Int) -> [UInt32] { rings[worker] }
}
