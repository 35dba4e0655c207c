import Synchronization

extension Ledger {
    /// Bytes each account occupies in the engine's structures, as laid out by this build.
    public struct Layout: Sendable, Hashable, CustomStringConvertible {
        /// The hot state a debit touches: one bucket.
        public let bucketBytes: Int
        /// The cold state control operations use: one profile.
        public let profileBytes: Int
        /// One registry entry (the table runs between 3/8 and 3/4 full).
        public let registryEntryBytes: Int
        /// One block of seven usage rows (a feature used on a day at a rate), beyond the
        /// row kept inline in the bucket.
        public let usageRowBlockBytes: Int

        /// `bucket 64 B, profile 56 B, registry entry 4 B, usage row block 128 B`.
        public var description: String {
            "bucket \(bucketBytes) B, profile \(profileBytes) B, registry entry \(registryEntryBytes) B, usage row block \(usageRowBlockBytes) B"
        }
    }

    /// The per-account layout of this build.
    public static var layout: Layout {
        Layout(bucketBytes: MemoryLayout<_Bucket>.stride, profileBytes: MemoryLayout<_AccountProfile>.stride,
               registryEntryBytes: MemoryLayout<Atomic<UInt32>>.stride, usageRowBlockBytes: MemoryLayout<Atomic<UInt64>>.stride * Int(_RowBlock.words))
    }
}
