import CreditMeter
import MeterTools

/// The `mixed` workload's control task: at `--control-rate` operations per second it buys
/// capacity, raises, lowers and removes caps, switches overage modes, and pauses and resumes
/// accounts and features, on accounts drawn like the debits (hot accounts get most).
///
/// Each pause or resume the engine accepted is followed by one *probe* debit on its
/// account: it must be refused as paused exactly while LoadGen's record of its own pauses
/// says so (R17, I4: once the call returned, every debit sees it). Found by a review: the
/// audit checked only that pause refusals came on touched accounts, so an engine whose
/// pauses or resumes did nothing passed. Probe debits are booked like the workers'.
struct ControlPlane {
    /// One account's feature, as the plane pauses it.
    struct PausedFeature: Hashable {
        var account: Int
        var feature: Int
    }

    let context: LoadContext
    var rng: Xoshiro256
    var log = ControlLog()
    /// The probe debits' books, merged with the workers' for the audit.
    var book: ShadowBook
    /// Pauses waiting for their resume, oldest first (the plane resumes what it paused).
    var pausedAccounts: [Int] = []
    var pausedFeatures: [PausedFeature] = []
    /// What is paused in the engine now, by the plane's own calls: the probes' expectation.
    var accountsPaused: Set<Int> = []
    var featuresPaused: Set<PausedFeature> = []

    init(context: LoadContext, seed: UInt64) {
        self.context = context
        self.rng = Xoshiro256(seed: seed ^ 0xC0DE_C0DE_C0DE_C0DE)
        book = context.newState().book
    }

    /// Sends operations until `stop` is set.
    /// - Parameters:
    ///   - rate: operations per second (0: none).
    ///   - stop: the run's stop flag.
    /// - Returns: the log of what was sent.
    mutating func run(rate: Double, until stop: StopFlag) async -> ControlLog {
        guard rate > 0 else { return log }
        // Clamped like the debit pacer's gap (an hour at most): 1e9 / rate passes UInt64 for
        // a tiny rate, and the conversion trapped (found by a review).
        let gap = UInt64(min(max(1, 1e9 / rate), 3.6e12))
        var next = MonotonicClock.now()
        while !stop.isStopped {
            let operation = nextOperation()
            log.record(operation)
            if let error = await context.engine.perform(operation) {
                log.recordRefusal(error)
            } else {
                probe(after: operation)
            }
            next &+= gap
            // In slices of at most 50 ms, so that a long gap ends with the run instead of
            // keeping it waiting (a low rate held a 0.5 s run for 20 s).
            while !stop.isStopped {
                let now = MonotonicClock.now()
                guard next > now else { break }
                try? await Task.sleep(nanoseconds: min(next - now, 50_000_000))
            }
        }
        return log
    }

    /// Draws the next operation; resumes what it paused before, oldest first.
    mutating func nextOperation() -> ControlOperation {
        let account = context.picker.account(using: &rng)
        let roll = rng.next() % 100
        let kind: ControlOperation.Kind
        switch roll {
        case 0..<15:
            kind = .buyCapacity(packs: Int(1 + rng.next() % 3))
        case 15..<27:
            // Around the current usage: sometimes below it, to test R13 when the cap falls.
            let usage = Int(context.engine.usage(account: account))
            let cap = max(500, (usage + Int(rng.next() % 4_000) - 1_000) / 500 * 500)
            kind = .setCap(UInt64(cap))
        case 27..<31:
            kind = .setCap(nil)
        case 31..<45:
            kind = .setOverageMode(payAsYouGo: rng.next() % 2 == 0)
        case 45..<60:
            if !pausedAccounts.isEmpty { return ControlOperation(account: pausedAccounts.removeFirst(), kind: .resumeAccount) }
            pausedAccounts.append(account)
            kind = .pauseAccount
        default:
            if let paused = pausedFeatures.first, roll >= 80 {
                pausedFeatures.removeFirst()
                return ControlOperation(account: paused.account, kind: .resumeFeature(paused.feature))
            }
            let feature = Int(rng.next() % UInt64(context.engine.mix.count))
            pausedFeatures.append(PausedFeature(account: account, feature: feature))
            kind = .pauseFeature(feature)
        }
        return ControlOperation(account: account, kind: kind)
    }

    /// After a pause or resume the engine accepted: records what is paused now, and sends
    /// one automation debit of 1 action on the account, for the operation's feature or the
    /// first one the account's edition has (a feature above it is refused for that first,
    /// R4, and is not probed). It must be refused `accountPaused` while the account is
    /// paused, else `featurePaused` while that feature is, and for neither otherwise.
    mutating func probe(after operation: ControlOperation) {
        let account = operation.account
        var feature: Int?
        switch operation.kind {
        case .pauseAccount: accountsPaused.insert(account)
        case .resumeAccount: accountsPaused.remove(account)
        case .pauseFeature(let position):
            featuresPaused.insert(PausedFeature(account: account, feature: position))
            feature = position
        case .resumeFeature(let position):
            featuresPaused.remove(PausedFeature(account: account, feature: position))
            feature = position
        case .buyCapacity, .setCap, .setOverageMode: return
        }
        let engine = context.engine
        let edition = engine.editions[account]
        guard let position = feature ?? engine.mix.minimumEditions.firstIndex(where: { $0 <= edition }),
              engine.mix.minimumEditions[position] <= edition else { return }
        let pick = DebitPicker.Pick(account: account, feature: position, quantity: 1, seat: nil)
        let decision = engine.debit(account: account, feature: position, quantity: 1, seat: nil)
        book.book(decision, for: pick, cost: context.cost(of: pick), ruleRefusal: nil, epoch: context.gate.epoch())
        let expected: Refusal? = accountsPaused.contains(account) ? .accountPaused
            : featuresPaused.contains(PausedFeature(account: account, feature: position)) ? .featurePaused : nil
        let refusal: Refusal? = if case .refused(let reason) = decision { reason } else { nil }
        let right = expected.map { refusal == $0 } ?? (refusal != .accountPaused && refusal != .featurePaused)
        log.recordProbe(right: right, "R17 I4 account \(account + 1): after \(operation.kind.name) returned, a debit of feature #\(position) was \(refusal.map { "refused \($0)" } ?? "accepted"), expected \(expected.map { "refused \($0)" } ?? "no pause refusal")")
    }
}
