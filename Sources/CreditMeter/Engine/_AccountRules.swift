/// An account's feature pauses and grace windows (R17, R18) as the hot path reads them:
/// immutable once published, found by index in the bucket's `extra` word. A change builds
/// a new rule set; old ones stay until the ledger is freed (changes are rare).
@usableFromInline
struct _AccountRules: ~Copyable {
    @usableFromInline let paused: UnsafeMutableBufferPointer<UInt16>
    @usableFromInline let grace: UnsafeMutableBufferPointer<_GraceEntry>

    init(paused: Set<UInt16>, grace: [UInt16: [GraceWindow]]) {
        self.paused = .allocate(capacity: paused.count)
        _ = self.paused.initialize(from: paused.sorted())
        let entries = grace.flatMap { feature, windows in
            windows.map { _GraceEntry(feature: feature, from: $0.from.daysSinceEpoch, until: $0.until.daysSinceEpoch) }
        }
        self.grace = .allocate(capacity: entries.count)
        _ = self.grace.initialize(from: entries)
    }

    deinit {
        paused.deallocate()
        grace.deallocate()
    }

    /// Whether `feature` is paused for the account.
    /// - Complexity: O(paused features), a handful.
    @inlinable
    func isPaused(_ feature: UInt16) -> Bool { paused.contains(feature) }

    /// Whether `feature` is free on `day` (inside a grace window).
    /// - Complexity: O(grace windows).
    @inlinable
    func isFree(_ feature: UInt16, on day: Int32) -> Bool {
        grace.contains { $0.feature == feature && $0.from <= day && day < $0.until }
    }
}

@usableFromInline
struct _GraceEntry {
    @usableFromInline let feature: UInt16
    @usableFromInline let from: Int32
    @usableFromInline let until: Int32
}

/// The control plane's editable copy of an account's feature rules.
struct _FeatureRuleSet: Sendable {
    var paused: Set<UInt16> = []
    var grace: [UInt16: [GraceWindow]] = [:]

    var isEmpty: Bool { paused.isEmpty && grace.isEmpty }
}
