extension Ledger {
    /// Bytes each account occupies in the engine's structures, as laid out by this build.
    public struct Layout: Sendable, Hashable, CustomStringConvertible {
        /// The hot state a debit touches: one bucket.
        public let bucketBytes: Int
        /// The cold state control operations use: one profile.
        public let profileBytes: Int
        /// One registry entry (the table runs between 3/8 and 3/4 full).
        public let registryEntryBytes: Int
        /// One usage row: a feature used on a day at a rate.
        public let usageRowBytes: Int

        /// `bucket 32 B, profile … B, registry entry 16 B, usage row 24 B`.
        public var description: String {
            "bucket \(bucketBytes) B, profile \(profileBytes) B, registry entry \(registryEntryBytes) B, usage row \(usageRowBytes) B"
        }
    }

    /// The per-account layout of this build.
    public static var layout: Layout {
        Layout(bucketBytes: MemoryLayout<_Bucket>.stride, profileBytes: MemoryLayout<_AccountProfile>.stride,
               registryEntryBytes: MemoryLayout<_RegistryTable>.stride, usageRowBytes: MemoryLayout<_UsageRow>.stride)
    }
}
