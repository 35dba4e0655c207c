import Synchronization

/// Peer for debits by account id: `Dictionary<UInt64, Int>` (id to slot) under 64 mutex
/// shards, then the ceiling's CAS on the slot. The obvious way to resolve ids concurrently.
final class ShardedDictionaryPeer: PreparedCase {
    /// The number of shards; ids are random, so the low bits choose one evenly.
    static let shardCount = 64

    /// One shard of the id index, padded to 64 bytes so that no two shards' locks share a
    /// cache line (as the engine's registry shards do). Kept in an ``Arena``, not as class
    /// instances in an array: found by a review, reading a class shard from the array cost
    /// a retain and a release per operation, two atomic operations on the lock's own line,
    /// which made this peer 6–13 % slower than the structure it stands for.
    struct Shard: ~Copyable, Sendable {
        /// Id to slot in `cells`.
        let slots: Mutex<[UInt64: Int]>
        /// Fills the shard to 64 bytes.
        private let padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

        /// Wraps a filled map.
        /// - Parameter slots: id to slot.
        init(_ slots: [UInt64: Int]) { self.slots = Mutex(slots) }
    }

    /// The id index.
    private let shards: Arena<Shard>
    /// One used-credits counter per account.
    private let cells: Arena<Atomic<UInt64>>
    /// Which account id each operation debits.
    private let stream: OperandStream<UInt64>
    /// What the workers counted.
    private let tally = Tally()

    /// Builds the index and counters.
    /// - Parameters:
    ///   - pattern: the accounts the stream touches.
    ///   - config: threads, scale and seed.
    init(pattern: AccessPattern, config: CaseConfig) {
        let ids = AccountIDs.make(count: pattern.accounts, seed: config.seed)
        var maps = [[UInt64: Int]](repeating: [:], count: ShardedDictionaryPeer.shardCount)
        for (slot, id) in ids.enumerated() {
            maps[Int(id % UInt64(ShardedDictionaryPeer.shardCount))][id] = slot
        }
        shards = Arena(count: ShardedDictionaryPeer.shardCount) { Shard(maps[$0]) }
        cells = Arena(count: pattern.accounts) { _ in Atomic(0) }
        stream = OperandStream(pattern, workers: config.threads,
                               length: config.scaled(1 << 20, minimum: 1 << 12), seed: config.seed)
            .map { ids[Int($0)] }
    }

    /// Each operation resolves an id under its shard's lock, then CAS-adds one credit.
    var loop: MeasuredLoop {
        .threads { [self] context in
            stream.drive(context, into: tally) { id, counts in
                let slot = shards[Int(id % UInt64(ShardedDictionaryPeer.shardCount))].slots.withLock { $0[id] }
                counts.record(accepted: slot.map {
                    cells[$0].add(1, within: ArenaCeiling.openLimit, retries: &counts.retries)
                } ?? false)
            }
        }
    }

    /// Checks that the counters hold exactly the accepted credits.
    func finish() async -> CaseOutcome {
        var outcome = CaseOutcome(tally: tally, "sharded usage", recorded: cells.sum)
        outcome.expectEvery(in: tally)
        return outcome
    }
}
