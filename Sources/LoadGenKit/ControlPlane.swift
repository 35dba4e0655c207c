import MeterTools

/// The `mixed` workload's control task: at `--control-rate` operations per second it buys
/// capacity, raises, lowers and removes caps, switches overage modes, and pauses and resumes
/// accounts and features, on accounts drawn like the debits (hot accounts get most).
struct ControlPlane {
    let engine: MeterUnderLoad
    let picker: DebitPicker
    var rng: Xoshiro256
    var log = ControlLog()
    var pausedAccounts: [Int] = []
    var pausedFeatures: [(account: Int, feature: Int)] = []

    init(engine: MeterUnderLoad, picker: DebitPicker, seed: UInt64) {
        self.engine = engine
        self.picker = picker
        self.rng = Xoshiro256(seed: seed ^ 0xC0DE_C0DE_C0DE_C0DE)
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
            if let error = await engine.perform(operation) { log.recordRefusal(error) }
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
        let account = picker.account(using: &rng)
        let roll = rng.next() % 100
        let kind: ControlOperation.Kind
        switch roll {
        case 0..<15:
            kind = .buyCapacity(packs: Int(1 + rng.next() % 3))
        case 15..<27:
            // Around the current usage: sometimes below it, to test R13 when the cap falls.
            let usage = Int(engine.usage(account: account))
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
            let feature = Int(rng.next() % UInt64(engine.mix.count))
            pausedFeatures.append((account, feature))
            kind = .pauseFeature(feature)
        }
        return ControlOperation(account: account, kind: kind)
    }
}
