/// A catalog laid out for the hot path: a fixed table of ``FeatureCatalog/maximumFeatures``
/// entries indexed by ``FeatureIndex``, a flat list of rates, and the fast path's packed
/// word per feature followed by two words, the table's own address and its short twin's
/// fast words (`fast`), plain memory with no
/// reference counting. Immutable once published; the ledger publishes `fast` with one
/// release store and keeps every table it published until it is freed, so a debit reading
/// an old one stays safe.
@usableFromInline
struct _HotCatalog {
    @usableFromInline let features: UnsafeMutablePointer<_HotFeature>
    @usableFromInline let rates: UnsafeMutablePointer<_HotRate>
    /// The fast path's word per feature (see ``_FastFeature``), indexed like `features`,
    /// then two more words: the address of the published table itself (see
    /// ``publish(_:)``), and the fast words of its short twin (0 in a short table; see
    /// ``shortTwin(of:)``). A ledger publishes only this pointer, so one atomic load gives a
    /// debit the fast words and the full table of the same catalog: a catalog replacement
    /// takes effect at one instant for both paths.
    @usableFromInline let fast: UnsafeMutablePointer<UInt64>
    /// Whether this is the table for a ledger short of usage row blocks: no fast word lets a debit through,
    /// so every debit is decided by the checked path, which sets up its usage row before it
    /// decides (see ``Ledger/usageRowBlocks``). Each catalog is laid out twice, the usual
    /// table linking to this short twin (see ``shortTwin(of:)``).
    @usableFromInline let usageRowsShort: Bool

    /// Lays out `features`, where `features[i]` is the feature at index `i` or `nil`.
    /// - Parameters:
    ///   - byIndex: the features by index.
    ///   - usageRowsShort: send every debit to the checked path.
    init(features byIndex: [Feature?], usageRowsShort: Bool = false) {
        self.usageRowsShort = usageRowsShort
        features = .allocate(capacity: FeatureCatalog.maximumFeatures)
        features.initialize(repeating: .absent, count: FeatureCatalog.maximumFeatures)
        fast = .allocate(capacity: FeatureCatalog.maximumFeatures + 2)
        fast.initialize(repeating: _FastFeature.absent, count: FeatureCatalog.maximumFeatures)
        (fast + FeatureCatalog.maximumFeatures).initialize(repeating: 0, count: 2)
        let allRates = byIndex.compactMap { $0?.rates }.reduce(0) { $0 + $1.count }
        rates = .allocate(capacity: max(1, allRates))
        var offset = 0
        for (index, feature) in byIndex.enumerated() {
            guard let feature else { continue }
            let latest = feature.rates[feature.rates.count - 1]
            features[index] = _HotFeature(present: true, minimumEdition: UInt8(feature.minimumEdition.rawValue),
                                          rateCount: UInt16(feature.rates.count), rateOffset: UInt32(offset))
            fast[index] = _FastFeature.word(fastFrom: latest.credits == 0 || usageRowsShort ? .max : latest.from.daysSinceEpoch,
                                            rate: latest.credits, minimumEdition: UInt8(feature.minimumEdition.rawValue))
            for rate in feature.rates {
                (rates + offset).initialize(to: _HotRate(from: rate.from.daysSinceEpoch, credits: rate.credits))
                offset += 1
            }
        }
    }

    /// Moves `catalog` into a table of its own and links it from its fast words.
    /// - Parameter catalog: the laid-out catalog.
    /// - Returns: the table, whose `fast` pointer is the one to publish.
    static func publish(_ catalog: _HotCatalog) -> UnsafeMutablePointer<_HotCatalog> {
        let table = UnsafeMutablePointer<_HotCatalog>.allocate(capacity: 1)
        table.initialize(to: catalog)
        catalog.fast[FeatureCatalog.maximumFeatures] = UInt64(UInt(bitPattern: table))
        return table
    }

    /// Lays `features` out twice, as the usual table and its short twin, and links the
    /// usual one to the twin.
    /// - Parameter features: the features by index.
    /// - Returns: both tables; publish the usual one's `fast` pointer.
    static func publishPair(features: [Feature?]) -> (usual: UnsafeMutablePointer<_HotCatalog>, short: UnsafeMutablePointer<_HotCatalog>) {
        let usual = publish(_HotCatalog(features: features))
        let short = publish(_HotCatalog(features: features, usageRowsShort: true))
        usual.pointee.fast[FeatureCatalog.maximumFeatures + 1] = UInt64(UInt(bitPattern: short.pointee.fast))
        return (usual, short)
    }

    /// The fast pointer of the short twin of the table whose fast words start at `fast`, or
    /// `nil` when that table is itself short (or was published without a twin).
    static func shortTwin(of fast: UnsafeMutablePointer<UInt64>) -> UnsafeMutablePointer<UInt64>? {
        UnsafeMutablePointer(bitPattern: UInt(truncatingIfNeeded: fast[FeatureCatalog.maximumFeatures + 1]))
    }

    /// The table whose fast words start at `fast` (a pointer ``publish(_:)`` returned).
    @inlinable
    static func table(at fast: UnsafeMutablePointer<UInt64>) -> UnsafeMutablePointer<_HotCatalog> {
        UnsafeMutablePointer(bitPattern: UInt(truncatingIfNeeded: fast[FeatureCatalog.maximumFeatures])).unsafelyUnwrapped
    }

    func free() {
        features.deallocate()
        rates.deallocate()
        fast.deallocate()
    }

    /// The rate of `feature` in force on `day`, or `nil` before its first rate.
    /// - Complexity: O(rates of the feature), scanning from the newest (usually 1 step).
    @inlinable
    func rate(_ feature: _HotFeature, on day: Int32) -> UInt32? {
        var index = Int(feature.rateOffset) + Int(feature.rateCount)
        let first = Int(feature.rateOffset)
        while index > first {
            index -= 1
            if rates[index].from <= day { return rates[index].credits }
        }
        return nil
    }
}

/// One feature of a hot catalog, as the checked path reads it.
@usableFromInline
struct _HotFeature: Sendable {
    @usableFromInline let present: Bool
    @usableFromInline let minimumEdition: UInt8
    @usableFromInline let rateCount: UInt16
    @usableFromInline let rateOffset: UInt32

    static let absent = _HotFeature(present: false, minimumEdition: .max, rateCount: 0, rateOffset: 0)
}

/// One feature as the fast path reads it: one word, so that pricing a debit is one load.
/// `fastFrom` (bits 32...63) | latest rate (bits 8...31) | minimum edition (bits 0...7).
/// From `fastFrom` on, the latest rate is in force. An absent feature, one whose latest
/// rate is 0 (free), and every feature of a short table (see ``_HotCatalog/usageRowsShort``)
/// have `fastFrom = Int32.max`, so they never pass the fast path's day compare: the
/// checked path decides them. A debit that passes it therefore costs credits.
@usableFromInline
enum _FastFeature {
    /// The word of an absent feature.
    static let absent = word(fastFrom: .max, rate: 0, minimumEdition: .max)

    /// Packs a feature's fast-path facts; rates are at most 1,000,000 (below 2^24).
    static func word(fastFrom: Int32, rate: UInt32, minimumEdition: UInt8) -> UInt64 {
        UInt64(UInt32(bitPattern: fastFrom)) << 32 | UInt64(rate & 0xFF_FFFF) << 8 | UInt64(minimumEdition)
    }

    @inlinable static func fastFrom(_ word: UInt64) -> Int32 { Int32(truncatingIfNeeded: word >> 32) }
    @inlinable static func rate(_ word: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: word) >> 8 }
    @inlinable static func minimumEdition(_ word: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: word) }
}

@usableFromInline
struct _HotRate {
    @usableFromInline let from: Int32
    @usableFromInline let credits: UInt32
}
