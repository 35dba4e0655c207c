import MeterTools

/// Operands drawn ahead of time, one ring per worker, so the measured loop reads a
/// sequential array instead of running a random generator or a lookup table of its own
/// (either would dilute every case and its ceiling alike). Built as account indices, then
/// mapped to what a caller would hold (a handle, an id).
struct OperandStream<Element: Sendable>: Sendable {
    /// Operations between two looks at the deadline.
    static var chunk: Int { SampleContext.pollInterval }
    /// How far ahead `drive`'s lookahead reaches: the distance the engine's batches prefetch.
    static var lookaheadDistance: Int { 16 }

    /// One ring of operands per worker; every ring has a power-of-two length.
    private let rings: [[Element]]

    /// Wraps rings whose lengths are powers of two.
    /// - Parameter rings: one ring per worker.
    private init(rings: [[Element]]) { self.rings = rings }

    /// The same stream with every operand transformed (an index into a handle or an id).
    /// - Parameter transform: maps one operand.
    /// - Returns: the mapped stream, ring by ring.
    func map<Mapped>(_ transform: (Element) -> Mapped) -> OperandStream<Mapped> {
        OperandStream<Mapped>(rings: rings.map { $0.map(transform) })
    }

    /// The operands of one worker's ring, for building batches ahead of time.
    /// - Parameter worker: the worker index.
    func ring(of worker: Int) -> [Element] { rings[worker] }
}

extension OperandStream where Element == UInt32 {
    /// Draws `length` account indices per worker (rounded up to a power of two and a whole chunk).
    /// - Parameters:
    ///   - pattern: which accounts to draw.
    ///   - workers: how many rings.
    ///   - length: indices per ring.
    ///   - seed: the generator seed; worker `w` uses `seed + w`.
    init(_ pattern: AccessPattern, workers: Int, length: Int, seed: UInt64) {
        let size = max(OperandStream.chunk, 1 << (Int.bitWidth - (length - 1).leadingZeroBitCount))
        self.init(rings: (0..<workers).map { worker in
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
        })
    }
}

extension OperandStream {
    /// Calls `operation` with successive operands of this worker's ring until the sample is
    /// over, looking at the deadline once per chunk. Each operation records into a local
    /// tally, added to `tally` once at the end of the sample.
    ///
    /// One function with the loop in it, so that the optimizer inlines `operation` into the
    /// loop for the engine's debits as it does for the ceiling's CAS: a call per operation
    /// on one side only would bias the ratio.
    /// - Parameters:
    ///   - context: the worker, its deadline and its sample (which picks the start).
    ///   - tally: where the sample's counts go.
    ///   - lookahead: if given, called before each operation with the operand
    ///     ``lookaheadDistance`` places ahead (a prefetch).
    ///   - operation: one operation on an operand.
    /// - Returns: the number of operations run.
    @inline(__always)
    func drive(_ context: SampleContext, into tally: Tally, lookahead: ((Element) -> Void)? = nil,
               _ operation: (Element, inout Tally.Counts) -> Void) -> Int {
        let (ring, mask, start) = ringStart(context)
        var operations = 0
        var counts = Tally.Counts()
        // The ring's length is a power of two of whole chunks and `start` a whole chunk, so
        // each chunk is contiguous: the inner loop reads `position + offset` unchecked, with
        // no mask or bounds check live beside the operation's own values. (A span, not a
        // closure over the ring's buffer: the optimizer left `operation` out of line there.)
        let operands = ring.span
        var position = start
        while !context.isOver {
            for offset in position..<(position &+ OperandStream.chunk) {
                if let lookahead { lookahead(operands[unchecked: (offset &+ OperandStream.lookaheadDistance) & mask]) }
                operation(operands[unchecked: offset], &counts)
            }
            position = (position &+ OperandStream.chunk) & mask
            operations &+= OperandStream.chunk
        }
        tally.add(counts, sample: context.sample)
        return operations
    }

    /// This worker's ring, its index mask, and where this sample starts in it: each sample
    /// starts at a different chunk, so samples do not replay one another's operands.
    @inline(__always)
    private func ringStart(_ context: SampleContext) -> (ring: [Element], mask: Int, start: Int) {
        let ring = rings[context.worker]
        let mask = ring.count - 1
        return (ring, mask, (context.sample &* 7_919 &* OperandStream.chunk) & mask)
    }

    /// Like `drive(_:into:_:)`, for operations that `await` (actor hops).
    /// - Parameters:
    ///   - context: the worker, its deadline and its sample.
    ///   - tally: where the sample's counts go.
    ///   - operation: one operation on an operand.
    /// - Returns: the number of operations run.
    func driveAsync(_ context: SampleContext, into tally: Tally,
                    _ operation: (Element, inout Tally.Counts) async -> Void) async -> Int {
        let (ring, mask, start) = ringStart(context)
        var position = start
        var operations = 0
        var counts = Tally.Counts()
        while !context.isOver {
            for offset in 0..<OperandStream.chunk {
                await operation(ring[(position &+ offset) & mask], &counts)
            }
            position = (position &+ OperandStream.chunk) & mask
            operations &+= OperandStream.chunk
        }
        tally.add(counts, sample: context.sample)
        return operations
    }
}
