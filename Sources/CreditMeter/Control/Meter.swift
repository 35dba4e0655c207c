/// The control plane: one actor in front of a ``Ledger``.
///
/// Async frontends call the control operations here, and debit in batches through
/// ``debit(batch:)`` so they pay one hop per batch (the batch runs off the actor, in
/// parallel with other batches). Single debits should not come
/// through the actor (a hop costs far more than a debit): call ``ledger`` directly, from any
/// thread, synchronously.
///
/// ```swift
/// let meter = Meter()
/// let handle = try await meter.open(AccountSpec(id: AccountID(42), subscriptions: [Subscription(.marketing, .professional)]))
/// let agent = meter.ledger.feature("ai.agent.customer")!
/// switch meter.ledger.debit(handle, feature: agent) {
/// case .accepted(let charged, let usage, let limit): print("charged \(charged), \(usage)/\(limit)")
/// case .refused(let reason): print("refused: \(reason)")
/// }
/// ```
public actor Meter {
    /// The synchronous engine, for debits from any thread without `await`.
    public nonisolated let ledger: Ledger

    /// Each account's price book and contract, set with ``setBilling(_:priceBook:term:)``,
    /// with the account's slot: an id opened again gets a new slot, which retires them.
    var billing: [AccountID: (terms: AccountBilling, slot: UInt32)] = [:]

    /// Creates a meter with an empty ledger.
    /// - Parameters:
    ///   - catalog: the features and rates (R16).
    ///   - clock: the source of time (R7).
    ///   - eventBuffer: events each listener may have waiting before newer ones are dropped.
    ///   - sink: receives every accepted debit, or `nil`.
    ///   - usageRowBlocks: usage row blocks debits may fill (``Ledger/usageRowBlocks``).
    public init(catalog: FeatureCatalog = .example, clock: MeterClock = .system(), eventBuffer: Int = 65_536,
                sink: (any DebitSink)? = nil, usageRowBlocks: Int = 1 << 26) {
        ledger = Ledger(catalog: catalog, clock: clock, eventBuffer: eventBuffer, sink: sink, usageRowBlocks: usageRowBlocks)
    }

    /// Fronts an existing ledger.
    /// - Parameter ledger: the engine.
    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    // MARK: Debits

    /// Debits a batch in one hop, decisions in order.
    ///
    /// `nonisolated`: debits need no actor state (the ledger is thread-safe), so batches
    /// from several tasks run in parallel instead of queueing on the actor; a caller
    /// awaits one hop to the global executor per batch.
    ///
    /// **Linearization point**: per debit, as in ``Ledger/decisions(for:)-([Debit])``: each
    /// debit is decided on its own, in order, exactly as by
    /// ``Ledger/debit(account:feature:quantity:seat:)``.
    /// - Parameter batch: the debits.
    /// - Returns: one decision per debit.
    /// - Complexity: O(batch count), plus one hop.
    public nonisolated func debit(batch: [Debit]) async -> [DebitDecision] {
        ledger.decisions(for: batch)
    }

    /// Debits a batch through handles in one hop, decisions in order: the batch skips the
    /// registry lookups (see ``debit(batch:)-([Debit])``).
    ///
    /// **Linearization point**: per debit, as in ``Ledger/decisions(for:)-([HandleDebit])``:
    /// each debit is decided on its own, in order, exactly as by
    /// ``Ledger/debit(_:feature:quantity:seat:)``.
    /// - Parameter batch: the debits.
    /// - Returns: one decision per debit.
    /// - Complexity: O(batch count), plus one hop.
    public nonisolated func debit(batch: [HandleDebit]) async -> [DebitDecision] {
        ledger.decisions(for: batch)
    }

    /// One debit through the actor. Exists to measure what a hop costs; prefer
    /// ``Ledger/debit(account:feature:quantity:seat:)``.
    ///
    /// **Linearization point**: that of ``Ledger/debit(account:feature:quantity:seat:)``,
    /// reached during the actor's turn.
    /// - Parameters:
    ///   - account: the account.
    ///   - feature: the feature used.
    ///   - quantity: how many actions.
    ///   - seat: the user's seat, `nil` for an automation.
    /// - Returns: the decision.
    /// - Complexity: expected O(1), as ``Ledger/debit(account:feature:quantity:seat:)``,
    ///   plus one hop to the actor.
    public func debit(account: AccountID, feature: FeatureIndex, quantity: UInt32 = 1, seat: Seat? = nil) -> DebitDecision {
        ledger.debit(account: account, feature: feature, quantity: quantity, seat: seat)
    }

    // MARK: Control plane (see the Ledger methods of the same names)

    /// Opens an account. See ``Ledger/open(_:)``.
    /// - Parameter spec: the account.
    /// - Returns: a handle for debits.
    /// - Throws: ``MeterError``.
    @discardableResult
    public func open(_ spec: AccountSpec) throws(MeterError) -> AccountHandle { try ledger.open(spec) }

    /// Closes an account. See ``Ledger/close(_:)``.
    /// - Parameter id: the account.
    /// - Throws: ``MeterError``.
    public func close(_ id: AccountID) throws(MeterError) { try ledger.close(id) }

    /// Replaces subscriptions (R1, R2, R4). See ``Ledger/setSubscriptions(_:to:)``.
    /// - Parameters:
    ///   - id: the account.
    ///   - subscriptions: the new subscriptions.
    /// - Throws: ``MeterError``.
    public func setSubscriptions(_ id: AccountID, to subscriptions: [Subscription]) throws(MeterError) {
        try ledger.setSubscriptions(id, to: subscriptions)
    }

    /// Buys capacity packs (R9, R13). See ``Ledger/buyCapacity(_:packs:)``.
    /// - Parameters:
    ///   - id: the account.
    ///   - packs: packs to buy.
    /// - Throws: ``MeterError``.
    public func buyCapacity(_ id: AccountID, packs: Int) throws(MeterError) { try ledger.buyCapacity(id, packs: packs) }

    /// Adds monthly capacity in credits (R15). See ``Ledger/addCapacity(_:credits:)``.
    /// - Parameters:
    ///   - id: the account.
    ///   - credits: credits of capacity.
    /// - Throws: ``MeterError``.
    public func addCapacity(_ id: AccountID, credits: UInt64) throws(MeterError) { try ledger.addCapacity(id, credits: credits) }

    /// Schedules removing packs at the term end (R14). See ``Ledger/scheduleCapacityRemoval(_:packs:at:)``.
    /// - Parameters:
    ///   - id: the account.
    ///   - packs: packs to remove.
    ///   - day: the end of the term.
    /// - Throws: ``MeterError``.
    public func scheduleCapacityRemoval(_ id: AccountID, packs: Int, at day: CalendarDay) throws(MeterError) {
        try ledger.scheduleCapacityRemoval(id, packs: packs, at: day)
    }

    /// Sets or clears the cap (R13). See ``Ledger/setCap(_:to:)``.
    /// - Parameters:
    ///   - id: the account.
    ///   - cap: the cap or `nil`.
    /// - Throws: ``MeterError``.
    public func setCap(_ id: AccountID, to cap: UInt64?) throws(MeterError) { try ledger.setCap(id, to: cap) }

    /// Changes the overage setting (R12). See ``Ledger/setOverageMode(_:to:)``.
    /// - Parameters:
    ///   - id: the account.
    ///   - mode: the new setting.
    /// - Returns: whether it took effect at once.
    /// - Throws: ``MeterError``.
    @discardableResult
    public func setOverageMode(_ id: AccountID, to mode: OverageMode) throws(MeterError) -> Bool {
        try ledger.setOverageMode(id, to: mode)
    }

    /// Pauses the whole account (R17).
    /// - Parameter id: the account.
    /// - Throws: ``MeterError``.
    public func pause(_ id: AccountID) throws(MeterError) { try ledger.setPaused(id, true) }

    /// Resumes the whole account (R17).
    /// - Parameter id: the account.
    /// - Throws: ``MeterError``.
    public func resume(_ id: AccountID) throws(MeterError) { try ledger.setPaused(id, false) }

    /// Pauses one feature for one account (R17).
    /// - Parameters:
    ///   - feature: the feature.
    ///   - id: the account.
    /// - Throws: ``MeterError``.
    public func pause(_ feature: FeatureIndex, for id: AccountID) throws(MeterError) {
        try ledger.setFeaturePaused(feature, for: id, true)
    }

    /// Resumes one feature for one account (R17).
    /// - Parameters:
    ///   - feature: the feature.
    ///   - id: the account.
    /// - Throws: ``MeterError``.
    public func resume(_ feature: FeatureIndex, for id: AccountID) throws(MeterError) {
        try ledger.setFeaturePaused(feature, for: id, false)
    }

    /// Makes a feature free for an account during a window (R18). See ``Ledger/setGraceWindow(_:for:_:)``.
    /// - Parameters:
    ///   - feature: the feature.
    ///   - id: the account.
    ///   - window: the window, or `nil` to remove the feature's windows.
    /// - Throws: ``MeterError``.
    public func setGraceWindow(_ feature: FeatureIndex, for id: AccountID, _ window: GraceWindow?) throws(MeterError) {
        try ledger.setGraceWindow(feature, for: id, window)
    }

    /// Replaces the catalog (R16). See ``Ledger/replaceCatalog(_:)``.
    /// - Parameter catalog: the new catalog.
    /// - Throws: ``MeterError``.
    public func replaceCatalog(_ catalog: FeatureCatalog) throws(MeterError) { try ledger.replaceCatalog(catalog) }

    // MARK: Events

    /// A new listener's stream of events (R19, R20); see ``Ledger/eventStream()``.
    /// - Returns: the stream.
    /// - Complexity: O(1), under the event hub's lock.
    public nonisolated func events() -> AsyncStream<MeterEvent> { ledger.eventStream() }

    /// A new listener for events (R19, R20), with its own count of lost events; see
    /// ``Ledger/eventListener()``.
    /// - Returns: the listener.
    /// - Complexity: O(1), under the event hub's lock.
    public nonisolated func eventListener() -> EventListener { ledger.eventListener() }

    /// Events lost because a listener's buffer was full, over every listener; see
    /// ``Ledger/droppedEvents``.
    public nonisolated var droppedEvents: Int { ledger.droppedEvents }
}
