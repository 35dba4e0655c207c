import CreditMeter
import MeterTools

/// The worker loops: send debits until the stop flag is set, book every decision.
enum LoadWorker {
    /// The loop of one OS thread (`handle`, `id` and `batch` APIs).
    static func runThread(index: Int, context: LoadContext) -> WorkerState {
        context.workerStarted()
        var state = context.newState()
        var rng = context.generator(for: index)
        var pacer = OpenLoopPacer(gap: context.gapNanoseconds, stop: context.stop)
        let engine = context.engine
        let picker = context.picker
        let cell = context.cells[index]
        switch context.config.api {
        case .handle, .id, .actor:
            let byID = context.config.api == .id
            while !context.stop.isStopped {
                let epoch = context.gate.epoch()
                state.publishIfDue(tick: context.tick, cell: cell)
                let pick = picker.next(using: &rng)
                guard let start = pacer.start() else { break }
                let decision = byID
                    ? engine.debitByID(account: pick.account, feature: pick.feature, quantity: pick.quantity, seat: pick.seat)
                    : engine.debit(account: pick.account, feature: pick.feature, quantity: pick.quantity, seat: pick.seat)
                let end = MonotonicClock.now()
                state.settle(decision, for: pick, cost: context.cost(of: pick), epoch: epoch, nanoseconds: end &- start)
            }
        case .batch:
            let size = context.config.batch
            var picks: [DebitPicker.Pick] = []
            var debits: [Debit] = []
            var starts: [UInt64] = []
            var decisions: [DebitDecision] = []
            picks.reserveCapacity(size)
            debits.reserveCapacity(size)
            starts.reserveCapacity(size)
            decisions.reserveCapacity(size)
            while !context.stop.isStopped {
                let epoch = context.gate.epoch()
                state.publishIfDue(tick: context.tick, cell: cell)
                picks.removeAll(keepingCapacity: true)
                debits.removeAll(keepingCapacity: true)
                starts.removeAll(keepingCapacity: true)
                decisions.removeAll(keepingCapacity: true)  // the engine appends
                for _ in 0..<size {
                    guard let start = pacer.start() else { break }
                    let pick = picker.next(using: &rng)
                    picks.append(pick)
                    debits.append(engine.batchDebit(account: pick.account, feature: pick.feature, quantity: pick.quantity, seat: pick.seat))
                    starts.append(start)
                }
                if picks.isEmpty { break }
                engine.debit(batch: debits, into: &decisions)
                let end = MonotonicClock.now()
                for i in picks.indices {
                    state.settle(decisions[i], for: picks[i], cost: context.cost(of: picks[i]), epoch: epoch, nanoseconds: end &- starts[i])
                }
            }
        }
        context.gate.workerFinished()
        state.publish(to: cell)
        return state
    }

    /// The loop of one task for the `actor` API: one actor hop per debit.
    static func runTask(index: Int, context: LoadContext) async -> WorkerState {
        context.workerStarted()
        var state = context.newState()
        var rng = context.generator(for: index)
        var pacer = OpenLoopPacer(gap: context.gapNanoseconds, stop: context.stop)
        let cell = context.cells[index]
        while !context.stop.isStopped {
            let epoch = await context.gate.epochFromTask()
            state.publishIfDue(tick: context.tick, cell: cell)
            let pick = context.picker.next(using: &rng)
            guard let start = await pacer.startFromTask() else { break }
            let decision = await context.engine.debitThroughActor(
                account: pick.account, feature: pick.feature, quantity: pick.quantity, seat: pick.seat)
            let end = MonotonicClock.now()
            state.settle(decision, for: pick, cost: context.cost(of: pick), epoch: epoch, nanoseconds: end &- start)
        }
        context.gate.workerFinished()
        state.publish(to: cell)
        return state
    }
}
